"""Parcels, buildings, licences and permits with their taxes and duties; the property scenarios' plants and
their lawful look-alikes."""

from __future__ import annotations

from datetime import date, timedelta

from heldout import korean as K
from heldout.town import DUTIES_START, END, START, Business, Person, Town
from heldout.world import adults, officials_of

LATE = END - timedelta(days=40)  # facts after this are too recent for a tax or fee to be due yet


def how_many(t: Town) -> int:
    return max(2, round(t.rng.randint(5, 9) * t.n / 5000))


class Property:
    def __init__(self, t: Town) -> None:
        self.t = t
        self.parcels: dict[str, dict] = {}
        self.tax_staff = officials_of(t, "local_tax")
        self.duty_staff = officials_of(t, "local_duties")
        self.owners = [p for p in adults(t) if t.rng.random() < 0.5]

    def parcel(self, place: K.Place, public: bool = False) -> str:
        pnu = place.pnu
        if pnu not in self.parcels:
            self.parcels[pnu] = self.t.add("real_estate", "parcels", {
                "pnu": pnu, "address": place.text(self.t.rng, unit=False), "land_type": "대" if place.land == 1 else "임야",
                "area_m2": str(self.t.rng.randint(80, 2000)), "public": "Y" if public else "N"})
            self.t.parcel("real_estate", pnu)
        return pnu

    def building(self, area: float | str, use: str = "commercial", illegal: bool = False) -> tuple[str, K.Place]:
        t = self.t
        place = K.Place(t.gov, t.rng)
        place.unit = ""
        bno = t.key("BD")
        t.add("construction", "buildings", {"building_no": bno, "pnu": t.parcel("construction", self.parcel(place)),
                                            "address": place.text(t.rng), "floor_area_m2": str(area), "use": use,
                                            "illegal": "Y" if illegal else "N"})
        t.building("construction", bno)
        return bno, place

    def tax_party(self, who: Person | Business) -> str:
        return self.t.party("local_tax", who) if isinstance(who, Person) else self.t.biz_party("local_tax", who)

    def acq_tax(self, who: Person | Business, on: date, pnu: str, bno: str | None, rate: str = "normal",
                tax_type: str = "acquisition", period: str = "", taxpayer: str | None = None) -> str:
        t = self.t
        key = t.key("TA")
        t.add("local_tax", "assessments", {
            "assessment_no": key, "taxpayer_no": taxpayer or self.tax_party(who), "tax_type": tax_type,
            "rate_class": rate if t.rng.random() < 0.7 else {"normal": "일반", "heavy": "중과"}[rate],
            "tax_base": str(t.rng.randint(50, 900) * 1000000), "tax_amount": str(t.rng.randint(500, 40000) * 1000),
            "assessed_on": on.isoformat(), "period": period, "pnu": t.parcel("local_tax", pnu),
            "building_no": t.building("local_tax", bno) if bno else "",
            "approved_by": t.rng.choice(self.tax_staff).official})
        return key

    def owner_key(self, system: str, who: Person | Business) -> str:
        return self.t.party(system, who) if isinstance(who, Person) else self.t.biz_party(system, who)

    def duty(self, who: Person | Business, duty_type: str, on: date, permit: str, pnu: str = "") -> str:
        t = self.t
        key = t.key("DA")
        t.add("local_duties", "assessments", {
            "assessment_no": key, "payer_no": self.owner_key("local_duties", who), "duty_type": duty_type,
            "amount": str(t.rng.randint(10, 5000) * 1000), "assessed_on": on.isoformat(), "period": str(on.year),
            "permit_no": permit, "pnu": t.parcel("local_duties", pnu) if pnu else "",
            "approved_by": t.rng.choice(self.duty_staff).official})
        return key

    # -- scenarios ---------------------------------------------------------------------------------
    def use_approvals(self) -> None:
        t, rng = self.t, self.t.rng
        n = how_many(t)
        for i in range(max(30, t.n // 60) + n + 4):
            who = rng.choice(self.owners)
            bno, place = self.building(rng.randint(60, 900), rng.choice(["residential", "commercial"]))
            permit_on = t.workday(date(2020, 1, 1), date(2023, 6, 30))
            t.add("construction", "permits", {"permit_no": t.key("BP"), "building_no": bno,
                                              "owner_no": t.party("construction", who), "pnu": place.pnu,
                                              "purpose": "new_build", "floor_area_m2": "", "permitted_on": permit_on.isoformat()})
            late = i >= max(30, t.n // 60) + n
            on = t.workday(LATE + timedelta(days=5), END - timedelta(days=3)) if late else t.workday(START, LATE - timedelta(days=60))
            key = t.key("UA")
            t.add("construction", "use_approvals", {"approval_no": key, "building_no": bno,
                                                    "owner_no": t.party("construction", who), "approved_on": on.isoformat(),
                                                    "floor_area_m2": "", "value": str(rng.randint(100, 900) * 1000000)})
            if late:
                t.decoy("TAX-ACQ-USE-APPROVAL", "construction", [key], "completed in the last weeks: tax not yet due")
            elif i < n:
                t.plant("TAX-ACQ-USE-APPROVAL", "construction", [key])
            elif i < n + 3:  # paid under the owner's second taxpayer record
                tp = t.party("local_tax", who, fresh=True)
                self.acq_tax(who, on + timedelta(days=rng.randint(10, 50)), place.pnu, bno, taxpayer=tp)
                t.decoy("TAX-ACQ-USE-APPROVAL", "construction", [key], "tax paid under the owner's other taxpayer record")
            else:
                self.acq_tax(who, on + timedelta(days=rng.randint(10, 50)), place.pnu, bno)

    def disposals(self) -> None:
        t, rng = self.t, self.t.rng
        n = how_many(t)
        staff = officials_of(t, "local_finance")
        for i in range(max(15, t.n // 250) + n + 3):
            who = rng.choice(self.owners)
            place = K.Place(t.gov, rng)
            pnu = self.parcel(place, public=True)
            late = i >= max(15, t.n // 250) + n
            on = t.workday(LATE + timedelta(days=5), END - timedelta(days=3)) if late else t.workday(START, LATE - timedelta(days=60))
            key = t.key("DS")
            t.add("local_finance", "disposals", {"disposal_no": key, "pnu": t.parcel("local_finance", pnu),
                                                 "buyer_no": t.party("local_finance", who),
                                                 "amount": str(rng.randint(50, 900) * 1000000), "disposed_on": on.isoformat(),
                                                 "address": place.text(rng, unit=False), "area_m2": str(rng.randint(50, 900)),
                                                 "approved_by": rng.choice(staff).official})
            if late:
                t.decoy("TAX-ACQ-PUBLIC-LAND", "local_finance", [key], "sold in the last weeks: tax not yet due")
            elif i < n:
                t.plant("TAX-ACQ-PUBLIC-LAND", "local_finance", [key])
            else:
                self.acq_tax(who, on + timedelta(days=rng.randint(10, 50)), pnu, None)

    def illegal(self) -> None:
        t, rng = self.t, self.t.rng
        n = how_many(t)
        for i in range(max(15, t.n // 250) + n + 3):
            who = rng.choice(self.owners)
            bno, place = self.building(rng.randint(20, 300), "residential", illegal=True)
            late = i >= max(15, t.n // 250) + n
            on = t.workday(LATE + timedelta(days=5), END - timedelta(days=3)) if late else t.workday(START, LATE - timedelta(days=60))
            key = t.key("IB")
            t.add("construction", "illegal_buildings", {"case_no": key, "building_no": bno,
                                                        "owner_no": t.party("construction", who), "pnu": place.pnu,
                                                        "found_on": on.isoformat(), "area_m2": str(rng.randint(10, 80)),
                                                        "value": str(rng.randint(5, 90) * 1000000)})
            if late:
                t.decoy("TAX-ACQ-ILLEGAL-BUILDING", "construction", [key], "found in the last weeks: tax not yet due")
            elif i < n:
                t.plant("TAX-ACQ-ILLEGAL-BUILDING", "construction", [key])
            else:
                self.acq_tax(who, on + timedelta(days=rng.randint(10, 50)), place.pnu, bno)

    def licence(self, holder: Business, ltype: str, bno: str, place: K.Place, on: date, area: str,
                status: str = "active") -> str:
        t = self.t
        key = t.key("LC")
        t.add("saeol", "licenses", {"license_no": key, "holder_no": t.biz_party("saeol", holder), "license_type": ltype,
                                    "business_name": holder.name, "licensed_on": on.isoformat(), "status": status,
                                    "pnu": t.parcel("saeol", place.pnu), "building_no": t.building("saeol", bno),
                                    "address": place.text(t.rng), "floor_area_m2": area})
        return key

    def bars(self) -> None:
        t, rng = self.t, self.t.rng
        n = how_many(t)
        for i in range(n + 6 + 8):
            b = rng.choice(t.businesses)
            bno, place = self.building(rng.randint(200, 900), "entertainment")
            buyer = rng.choice(t.businesses)
            licensed = t.workday(date(2018, 1, 1), date(2022, 6, 30))
            acquired = t.workday(date(2022, 9, 1), LATE - timedelta(days=30))
            if n <= i < n + 3:  # the bar opened after the purchase: normal rate was right
                licensed = acquired + timedelta(days=rng.randint(30, 200))
            ltype = "general_restaurant" if n + 3 <= i < n + 6 else rng.choice(["entertainment_bar", "유흥주점"])
            lic = self.licence(b, ltype, bno, place, licensed, str(rng.randint(100, 300)))
            rate = "normal" if i < n + 6 else "heavy"
            tax = self.acq_tax(buyer, acquired, place.pnu, bno, rate=rate)
            if i < n:
                t.plant("TAX-ACQ-HEAVY-BAR", "local_tax", [tax])
            elif i < n + 3:
                t.decoy("TAX-ACQ-HEAVY-BAR", "local_tax", [tax], "bar licensed after the acquisition")
            elif i < n + 6:
                t.decoy("TAX-ACQ-HEAVY-BAR", "local_tax", [tax], "a general restaurant, not an entertainment bar")
            del lic

    def workplaces(self) -> None:
        """Resident tax property portion: licensed workplaces of 330 m2 or more, yearly in July."""
        t, rng = self.t, self.t.rng
        n = how_many(t)

        def yearly(b: Business, bno: str, pnu: str) -> None:
            for y in (2022, 2023, 2024):
                self.acq_tax(b, date(y, 7, 31), pnu, bno, tax_type=rng.choice(["resident_property", "주민세재산분"]),
                             period=str(y))
        for _i in range(max(20, t.n // 100)):  # lawful: big ones assessed, small ones not
            b = rng.choice(t.businesses)
            area = rng.choice([rng.randint(340, 1500), rng.randint(40, 320)])
            bno, place = self.building(area + rng.choice([0, 0, 120]))
            self.licence(b, rng.choice(["general_restaurant", "retail", "hospital", "lodging"]), bno, place,
                         t.workday(date(2015, 1, 1), date(2021, 12, 31)), str(area))
            if area >= 330:
                yearly(b, bno, place.pnu)
        for i in range(n):
            b = rng.choice(t.businesses)
            m2 = rng.randint(345, 900)
            style = i % 4
            if style == 0:  # another tenant of the same building is assessed; this one is not
                bno, place = self.building(m2 + 200)
                other = rng.choice(t.businesses)
                self.licence(other, "retail", bno, place, date(2019, 3, 4), "200")
                lic = self.licence(b, "general_restaurant", bno, place, date(2020, 5, 6), f"{m2}")
                for y in (2022, 2023, 2024):
                    self.acq_tax(other, date(y, 7, 31), place.pnu, bno, tax_type="resident_property", period=str(y))
            elif style == 1:  # the licence gives the area in pyeong
                py = round(m2 / 3.3058)
                bno, place = self.building(round(py * 3.3058, 1))
                lic = self.licence(b, "hospital", bno, place, date(2019, 8, 1), f"{py}평")
            elif style == 2:  # no area on the licence; the building register has it (single tenant)
                bno, place = self.building(m2)
                lic = self.licence(b, "lodging", bno, place, date(2018, 2, 1), "")
            else:  # the plain case: area in m2 on the licence and the register, nobody assessed
                bno, place = self.building(m2)
                lic = self.licence(b, "retail", bno, place, date(2018, 2, 1), f"{m2}")
            t.plant("TAX-RES-PROPERTY-330", "saeol", [lic])
        for i in range(6):
            b = rng.choice(t.businesses)
            if i < 2:
                bno, place = self.building(329.5)
                lic = [self.licence(b, "retail", bno, place, date(2019, 1, 7), "329.5")]
                note = "329.5 m2, under the 330 m2 threshold"
            elif i < 4:
                bno, place = self.building(640)
                lic = [self.licence(x, "general_restaurant", bno, place, date(2019, 4, 1), a)
                       for x, a in ((b, "160"), (rng.choice(t.businesses), "240"), (rng.choice(t.businesses), "240"))]
                note = "multi-tenant building of 640 m2, each workplace under 330 m2"
            else:
                bno, place = self.building(rng.randint(400, 600))
                lic = [self.licence(b, "retail", bno, place, date(2019, 4, 1), "95평")]  # 314 m2
                lic.append(self.licence(rng.choice(t.businesses), "retail", bno, place, date(2020, 4, 1), "28평"))
                note = "areas in pyeong: 95 평 = 314 m2, under the threshold"
            t.decoy("TAX-RES-PROPERTY-330", "saeol", lic, note)

    def transfers(self) -> None:
        """Ownership transfers; the late-registration fine; real-name violations and their penalty."""
        t, rng = self.t, self.t.rng
        n = how_many(t)
        parties = self.owners
        for i in range(max(60, t.n // 25) + n + 4):
            seller, buyer = rng.sample(parties, 2)
            place = K.Place(t.gov, rng)
            pnu = self.parcel(place)
            final = t.workday(DUTIES_START, LATE - timedelta(days=220))
            if i < n:
                gap = rng.randint(75, 200)
            elif i < n + 4:
                gap = 60
            elif rng.random() < 0.1:
                gap = rng.randint(70, 150)
            else:
                gap = rng.randint(3, 55)
            key = t.key("TR")
            t.add("real_estate", "transfers", {"transfer_no": key, "pnu": pnu, "building_no": "",
                                               "seller_no": t.party("real_estate", seller),
                                               "buyer_no": t.party("real_estate", buyer),
                                               "contract_date": (final - timedelta(days=rng.randint(20, 60))).isoformat(),
                                               "final_payment_date": final.isoformat(),
                                               "registered_on": (final + timedelta(days=gap)).isoformat(),
                                               "price": str(rng.randint(100, 1500) * 1000000)})
            self.acq_tax(buyer, final + timedelta(days=gap + rng.randint(1, 30)), pnu, None)
            if i < n:
                t.plant("DUTY-LATE-REGISTRATION", "real_estate", [key])
            elif i < n + 4:
                t.decoy("DUTY-LATE-REGISTRATION", "real_estate", [key], "registered exactly 60 days after final payment")
            elif gap > 60:
                self.duty(buyer, "late_registration_fine", final + timedelta(days=gap + 20), key, pnu)
        for i in range(max(10, t.n // 300) + n + 3):
            who = rng.choice(parties)
            place = K.Place(t.gov, rng)
            pnu = self.parcel(place)
            old = i >= max(10, t.n // 300) + n
            on = t.workday(START, DUTIES_START - timedelta(days=60)) if old else t.workday(DUTIES_START, LATE - timedelta(days=60))
            key = t.key("RV")
            t.add("real_estate", "realname_violations", {"violation_no": key, "pnu": pnu,
                                                         "violator_no": t.party("real_estate", who),
                                                         "found_on": on.isoformat(),
                                                         "value": str(rng.randint(100, 900) * 1000000),
                                                         "penalty": str(rng.randint(5, 90) * 1000000)})
            if old:
                t.decoy("TAX-ACQ-REALNAME", "real_estate", [key], "found before the duties extract begins")
            elif i < n:
                t.plant("TAX-ACQ-REALNAME", "real_estate", [key])
            else:
                self.duty(who, "real_name_penalty", on + timedelta(days=rng.randint(20, 50)), key, pnu)

    def occupancy(self) -> None:
        t, rng = self.t, self.t.rng
        kinds = {"road": ("DUTY-ROAD-OCCUPANCY", "road_occupancy", "도로"),
                 "river": ("DUTY-RIVER-OCCUPANCY", "river_occupancy", "하천"),
                 "river_surface": ("DUTY-RIVER-SURFACE-OCCUPANCY", "river_surface_occupancy", "하천수면"),
                 "public_property": ("DUTY-PUBLIC-PROPERTY-OCCUPANCY", "public_property_occupancy", "공유재산")}
        for ptype, (sid, duty_type, alias) in kinds.items():
            n = how_many(t)
            for i in range(max(12, t.n // 200) + n + 2):
                who: Person | Business = rng.choice(t.businesses) if rng.random() < 0.5 else rng.choice(self.owners)
                place = K.Place(t.gov, rng)
                pnu = self.parcel(place, public=True)
                old = i >= max(12, t.n // 200) + n
                start = t.workday(date(2019, 1, 1), date(2021, 6, 30) if old else date(2023, 3, 1))
                end = t.workday(date(2021, 7, 1), date(2022, 11, 30)) if old else date(start.year + 5, start.month, 1)
                key = t.key("OP")
                t.add("saeol", "occupancy_permits", {"permit_no": key, "holder_no": self.owner_key("saeol", who),
                                                     "permit_type": ptype if rng.random() < 0.7 else alias,
                                                     "permitted_on": start.isoformat(), "end_date": end.isoformat(),
                                                     "area_m2": str(rng.randint(5, 300)), "pnu": t.parcel("saeol", pnu),
                                                     "address": place.text(rng, unit=False)})
                if old:
                    t.decoy(sid, "saeol", [key], "permit ended before the duties extract begins")
                elif i < n:
                    t.plant(sid, "saeol", [key])
                else:
                    for y in (2023, 2024):
                        if date(y, 12, 31) >= start:
                            self.duty(who, rng.choice([duty_type, duty_type]), max(date(y, 3, 10), start + timedelta(days=20)),
                                      key, pnu)

    def food(self) -> None:
        t, rng = self.t, self.t.rng
        n = how_many(t)
        for i in range(max(15, t.n // 250) + n + 3):
            b = rng.choice(t.businesses)
            bno, place = self.building(rng.randint(50, 300))
            lic = self.licence(b, rng.choice(["general_restaurant", "rest_restaurant", "일반음식점"]), bno, place,
                               date(2018, 5, 1), str(rng.randint(40, 200)))
            old = i >= max(15, t.n // 250) + n
            on = t.workday(START, DUTIES_START - timedelta(days=90)) if old else t.workday(DUTIES_START, LATE - timedelta(days=60))
            key = t.key("VL")
            t.add("saeol", "violations", {"violation_no": key, "violator_no": t.biz_party("saeol", b),
                                          "violation_type": rng.choice(["food_sanitation", "식품위생"]), "law": "식품위생법 제44조",
                                          "found_on": on.isoformat(), "license_no": lic, "pnu": place.pnu,
                                          "building_no": bno, "address": place.text(rng)})
            if old:
                t.decoy("DUTY-FOOD-SANITATION-FINE", "saeol", [key], "violation before the duties extract begins")
            elif i < n:
                t.plant("DUTY-FOOD-SANITATION-FINE", "saeol", [key])
            else:
                self.duty(b, "food_sanitation_fine", on + timedelta(days=rng.randint(15, 45)), key)
        for _ in range(max(5, t.n // 500)):  # advertising violations carry no food-sanitation fine
            b = rng.choice(t.businesses)
            t.add("saeol", "violations", {"violation_no": t.key("VL"), "violator_no": t.biz_party("saeol", b),
                                          "violation_type": "advertising", "law": "옥외광고물법",
                                          "found_on": t.workday(DUTIES_START, LATE).isoformat(), "address": b.place.text(rng)})

    def development(self) -> None:
        t, rng = self.t, self.t.rng
        n = how_many(t)
        for i in range(max(10, t.n // 400) + n + 3):
            who: Person | Business = rng.choice(t.businesses) if rng.random() < 0.5 else rng.choice(self.owners)
            place = K.Place(t.gov, rng)
            pnu = self.parcel(place)
            old = i >= max(10, t.n // 400) + n
            on = t.workday(date(2020, 1, 1), date(2022, 6, 30)) if old else t.workday(DUTIES_START, LATE - timedelta(days=90))
            key = t.key("BP")
            t.add("construction", "permits", {"permit_no": key, "building_no": "", "owner_no": self.owner_key("construction", who),
                                              "pnu": t.parcel("construction", pnu), "purpose": "development",
                                              "floor_area_m2": str(rng.randint(500, 5000)), "permitted_on": on.isoformat()})
            if old:
                t.decoy("DUTY-DEVELOPMENT-CHARGE", "construction", [key], "permitted before the duties extract begins")
            elif i < n:
                t.plant("DUTY-DEVELOPMENT-CHARGE", "construction", [key])
            else:
                self.duty(who, "development_charge", on + timedelta(days=rng.randint(20, 60)), key, pnu)


def build(t: Town) -> None:
    p = Property(t)
    for step in (p.use_approvals, p.disposals, p.illegal, p.bars, p.workplaces, p.transfers, p.occupancy, p.food,
                 p.development):
        step()
    # every resident's home parcel in the land register
    for person in t.people[:: max(1, len(t.people) // 1500)]:
        p.parcel(person.place)
