"""Anomaly detectors (ANOM-ACCOUNT, ANOM-OFFICIAL, ANOM-BUSINESS): readable features scored against the
population's typical values; leads on entities, cases only above a calibrated threshold (settings.yaml)."""

from detectors.anomaly.run import DETECTORS, Detector, all_scores, run_anomalies, run_detector

__all__ = ["DETECTORS", "Detector", "all_scores", "run_anomalies", "run_detector"]
