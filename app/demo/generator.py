"""Synthetic customers for demos and benchmarks (演示客户生成).

``CustomerGenerator(seed).customer(i)`` returns the i-th customer of a seed as the clean
values :func:`app.services.customers.validate` would produce (so a sample can be fed back
through it), plus the status. The sequence depends only on the seed: the first k customers
are the same whatever the total, on every machine.

What it draws, in proportions a county-level company would recognise (国网杭州供电公司's area):
≈85 % residential (居民生活), 11 % general commercial & industrial (一般工商业), 0.6 % large
industry (大工业, ≥315 kVA at 10 kV and above), 2 % agricultural (农业生产), 1.4 % public (公用/机关);
≈30 % rural; 2 % of households low-income (低保/五保); VIPs and customer managers (客户经理) for
large customers; names drawn by birth cohort from a surname frequency table (incl. 欧阳, 司马,
诸葛); valid 居民身份证 numbers (some 15-digit old ones) and 统一社会信用代码 (incl. N2… rural
collectives); unique mobile and landline numbers; 12-digit meter numbers (表号).
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from app.demo import pools
from app.domain import customers as rules
from app.domain.codes import Area, CustomerKind, CustomerStatus, IdType, LowIncome, PartyType
from app.domain.ids import CREDIT_CODE_ALPHABET, make_credit_code, make_resident_id

#: Bump when the generated data changes (benchmarks rebuild their cached databases).
GENERATOR_VERSION = 2

#: Birth dates are drawn relative to this date, not "today", so a seed gives the same people
#: next year too.
REFERENCE_DATE = dt.date(2025, 6, 30)

T = TypeVar("T")


class Weighted(Generic[T]):
    """A weighted choice that costs one random() and one bisect."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.items = [item for item, _ in pairs]
        acc = 0.0
        self.cum = []
        for _, weight in pairs:
            acc += weight
            self.cum.append(acc)
        self.total = acc

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect(self.cum, rng.random() * self.total)]


KIND_MIX = Weighted([(CustomerKind.RESIDENTIAL, 85.0), (CustomerKind.GENERAL_CI, 11.0), (CustomerKind.LARGE_INDUSTRY, 0.6),
                     (CustomerKind.AGRICULTURAL, 2.0), (CustomerKind.PUBLIC, 1.4)])

# Account holders' ages (户主年龄).
_AGE_BANDS = Weighted([((20, 29), 8), ((30, 39), 17), ((40, 49), 19), ((50, 59), 21), ((60, 69), 18),
                       ((70, 79), 11), ((80, 89), 5), ((90, 99), 1)])

# (voltage, capacities in kVA) per kind, weighted.
_SUPPLY: dict[str, Weighted[tuple[str, tuple[int, ...]]]] = {
    CustomerKind.RESIDENTIAL: Weighted([(("220V", (4, 6, 6, 6, 8, 8, 8, 10, 10, 12)), 95), (("380V", (10, 15, 20, 30)), 5)]),
    CustomerKind.GENERAL_CI: Weighted([
        (("220V", (5, 8, 10, 15, 20)), 35),
        (("380V", (20, 30, 40, 50, 63, 80, 100, 125, 160, 200, 250)), 55),
        (("10kV", (315, 400, 500, 630, 800, 1000, 1250, 1600, 2000)), 10)]),
    CustomerKind.LARGE_INDUSTRY: Weighted([
        (("10kV", (315, 400, 500, 630, 800, 1000, 1250, 1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000)), 85),
        (("20kV", (2000, 3150, 5000, 8000, 10000)), 5),
        (("35kV", (6300, 8000, 10000, 12500, 16000, 20000, 31500)), 8),
        (("110kV", (31500, 40000, 50000, 63000, 80000, 100000)), 2)]),
    CustomerKind.AGRICULTURAL: Weighted([(("220V", (5, 8, 10)), 30), (("380V", (10, 15, 20, 30, 40, 50, 63, 80, 100)), 65),
                              (("10kV", (315, 400, 500, 630)), 5)]),
    CustomerKind.PUBLIC: Weighted([(("220V", (5, 10, 15, 20)), 20), (("380V", (30, 50, 80, 100, 160, 200, 250)), 60),
                        (("10kV", (315, 400, 630, 800, 1000, 1250, 1600, 2000)), 20)]),
}

_MOBILE = Weighted(pools.MOBILE_PREFIXES)
_SURNAME = Weighted(pools.SURNAMES)
_MIGRANT_AREA = Weighted(pools.MIGRANT_AREAS)
# The organisation-code alphabet for new-style codes: the GB 32100 alphabet (no I O Z S V).
_ORG_CODE_CHARS = CREDIT_CODE_ALPHABET
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check(body8: str) -> str:
    """GB 11714 check character of an 8-character organisation code body (组织机构代码校验码)."""
    total = sum(int(ch, 36) * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


class _District:
    """One district's fixed geography: 街道 with their compounds, 镇/乡 with their villages."""

    def __init__(self, spec: tuple[Any, ...], geo: random.Random) -> None:
        (self.name, self.code, self.birth_codes, self.weight, self.urban_share, streets, towns,
         self.roads) = spec
        self.short = self.name[:-1] if len(self.name) > 2 else self.name
        # 街道 -> compounds: (name, road, gate number, buildings, units, floors)
        self.streets: list[tuple[str, list[tuple[str, str, int, int, int, int]]]] = []
        used: set[str] = set()
        for street in streets:
            compounds = []
            for _ in range(geo.randint(12, 28)):
                for _attempt in range(20):
                    name = geo.choice(pools.COMPOUND_HEADS) + geo.choice(pools.COMPOUND_TAILS)
                    if name not in used:
                        break
                used.add(name)
                high_rise = geo.random() < 0.55
                compounds.append((name, geo.choice(self.roads), geo.randint(1, 999), geo.randint(3, 36),
                                  geo.randint(1, 4 if high_rise else 6), geo.randint(11, 33) if high_rise else 6))
            self.streets.append((street, compounds))
        # 镇/乡 -> villages (行政村)
        self.towns: list[tuple[str, list[str]]] = []
        for town in towns:
            villages: list[str] = []
            for _ in range(geo.randint(10, 24)):
                for _attempt in range(20):
                    village = geo.choice(pools.VILLAGE_HEADS) + geo.choice(pools.VILLAGE_TAILS)
                    if village not in villages:
                        break
                villages.append(village)
            self.towns.append((town, villages))
        self.parks = pools.INDUSTRIAL_PARKS.get(self.name, ())


def _build_geography() -> list[_District]:
    geo = random.Random("gridcounter-demo-geography-v1")  # fixed: the same town for every seed
    return [_District(spec, geo) for spec in pools.DISTRICTS]


_NUMERALS = "一二三四五六七八九十"


class CustomerGenerator:
    """Draws customers for one seed. Not thread-safe; one instance per load."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.districts = _build_geography()
        self._district = Weighted([(d, d.weight) for d in self.districts])
        self._rural_district = Weighted([(d, d.weight) for d in self.districts if d.towns])
        self._industrial_district = Weighted([(d, d.weight) for d in self.districts if d.parks])
        self._seen_ids: set[str] = set()
        self._seen_phones: set[str] = set()
        self._recent_people: list[dict[str, Any]] = []
        self._cohorts = pools.COHORTS
        self._random = self.rng.random
        self._last_district = self.districts[0]
        # A handful of 10 kV lines (线路) per district, each with its 台区 (docs/rules.md#outages).
        # (线路, 台区) pairs, one draw picks both.
        self._supply = {d.name: [(f"10kV{d.short}{_NUMERALS[n]}线", f"{d.short}{n + 1}-{k + 1:02d}台区")
                                 for n in range(6) for k in range(8)] for d in self.districts}

    # random.Random's choice/randint/randrange are pure-Python wrappers costing ~1 µs each;
    # these cost a tenth of that (the tiny bias of int(random() * n) is irrelevant here).
    def _below(self, n: int) -> int:
        return int(self._random() * n)

    def _between(self, lo: int, hi: int) -> int:
        return lo + int(self._random() * (hi - lo + 1))

    def _pick(self, seq: Sequence[T]) -> T:
        return seq[int(self._random() * len(seq))]

    # --- people ---------------------------------------------------------------------------

    def _birth(self) -> dt.date:
        lo, hi = _AGE_BANDS.pick(self.rng)
        age_days = self._between(lo * 365 + 1, hi * 365 + 364)
        return REFERENCE_DATE - dt.timedelta(days=age_days)

    def person_name(self, birth_year: int, male: bool) -> str:
        rng = self.rng
        surname = _SURNAME.pick(rng)
        cohort = self._cohorts[0]
        for c in self._cohorts:
            if birth_year >= c[0]:
                cohort = c
        _, single_share, male_chars, female_chars, male_two, female_two = cohort
        chars, twos = (male_chars, male_two) if male else (female_chars, female_two)
        roll = rng.random()
        if len(surname) == 2 or roll < single_share:
            given = self._pick(chars)
            if len(surname) == 2 and roll > 0.5:  # 欧阳娜娜, 司马相如: compound surnames take both
                given += self._pick(chars)
        elif roll < single_share + (1 - single_share) * 0.35:
            given = self._pick(twos)
        else:
            given = self._pick(chars) + self._pick(chars)
        return surname + given

    def resident_id(self, birth: dt.date, male: bool, district: _District, old_style: bool = False) -> str:
        rng = self.rng
        if rng.random() < 0.75:
            codes = district.birth_codes
            area = codes[0] if birth.year >= 1995 or len(codes) == 1 else self._pick(codes)
        else:
            area = _MIGRANT_AREA.pick(rng)
        while True:
            seq = self._below(500) * 2 + (1 if male else 0)
            if old_style:  # 15-digit first-generation card: YYMMDD, no check digit
                number = f"{area}{birth:%y%m%d}{seq:03d}"
            else:
                number = make_resident_id(area, birth, f"{seq:03d}")
            if number not in self._seen_ids:
                self._seen_ids.add(number)
                return number

    def _other_document(self) -> tuple[str, str, str]:
        """(id_type, number, name) of the few holders without a 居民身份证."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            number = "H" + "".join(rng.choices("0123456789", k=8)) if rng.random() < 0.8 else \
                "M" + "".join(rng.choices("0123456789", k=8))
            return IdType.HKMO, number, self.person_name(1975, rng.random() < 0.5)
        if roll < 0.70:
            return IdType.TW, "".join(rng.choices("0123456789", k=8)), self.person_name(1970, rng.random() < 0.5)
        if roll < 0.90:
            number = self._pick(("", "E", "P", "M", "G")) + "".join(rng.choices("0123456789", k=9))
            return IdType.PASSPORT, number, self._pick(pools.LATIN_NAMES)
        number = "9" + "".join(rng.choices("0123456789", k=17))
        return IdType.PRC_FOREIGN, number, self._pick(pools.LATIN_NAMES)

    # --- phones, meters, codes ------------------------------------------------------------

    def mobile(self) -> str:
        while True:
            number = _MOBILE.pick(self.rng) + f"{self._below(100_000_000):08d}"
            if number not in self._seen_phones:
                self._seen_phones.add(number)
                return number

    def landline(self) -> str:
        while True:
            number = "0571-" + self._pick("88888652") + f"{self._below(10_000_000):07d}"
            if number not in self._seen_phones:
                self._seen_phones.add(number)
                return number

    def meter_no(self, index: int) -> str:
        # 12-digit 表号: maker, installation year, and a serial that is unique per index
        # (a multiplicative permutation of 10^8, so neighbours do not get neighbouring meters).
        serial = (index * 7_919_113 + 24_680_135) % 100_000_000
        return f"{self._pick(pools.METER_MAKERS)}{self._between(10, 25):02d}{serial:08d}"

    def credit_code(self, prefix: str, area6: str) -> str:
        """A valid 统一社会信用代码: registration dept + type, area, GB 11714 org code, check."""
        rng = self.rng
        while True:
            if prefix[0] == "9" and rng.random() < 0.65:  # market-regulation codes issued since 2015: MA2…
                body8 = "MA2" + "".join(rng.choices(_ORG_CODE_CHARS, k=5))
            else:
                body8 = "".join(rng.choices("0123456789", k=8))
            code = make_credit_code(prefix + area6 + body8 + org_code_check(body8))
            if code not in self._seen_ids:
                self._seen_ids.add(code)
                return code

    # --- addresses ------------------------------------------------------------------------

    def urban_address(self, d: _District) -> str:
        rng = self.rng
        street, compounds = self._pick(d.streets)
        name, road, gate, buildings, units, floors = self._pick(compounds)
        b = self._between(1, buildings)
        room = f"{self._between(1, floors)}{self._between(1, 4):02d}"
        roll = rng.random()
        if roll < 0.45:
            return f"浙江省杭州市{d.name}{street}{name}{b}幢{self._between(1, units)}单元{room}室"
        if roll < 0.80:
            return f"浙江省杭州市{d.name}{road}{gate}号{name}{b}幢{self._between(1, units)}单元{room}室"
        return f"杭州市{d.name}{road}{gate}号{b}幢{room}室"

    def village(self, d: _District) -> tuple[str, str]:
        town, villages = self._pick(d.towns)
        return town, self._pick(villages)

    def rural_address(self, d: _District) -> str:
        rng = self.rng
        town, village = self.village(d)
        if rng.random() < 0.6:
            return f"浙江省杭州市{d.name}{town}{village}村{self._between(1, 12)}组{self._between(1, 120)}号"
        return f"浙江省杭州市{d.name}{town}{village}村{self._pick(pools.HAMLETS)}{self._between(1, 80)}号"

    def street_address(self, d: _District) -> str:
        rng = self.rng
        text = f"浙江省杭州市{d.name}{self._pick(d.roads)}{self._between(1, 999)}号"
        if rng.random() < 0.25:
            text += f"{self._between(1, 3)}楼"
        return text

    def industrial_address(self, d: _District) -> str:
        if d.name == "钱塘区":
            return f"杭州市钱塘区{self._between(1, 29)}号大街{self._between(1, 800)}号"
        park = self._pick(d.parks) if d.parks else self._pick(d.streets)[0]
        return f"浙江省杭州市{d.name}{park}{self._pick(d.roads)}{self._between(1, 999)}号"

    # --- organisations --------------------------------------------------------------------

    def brand(self) -> str:
        a = self._pick(pools.BRAND_CHARS)
        b = self._pick(pools.BRAND_CHARS)
        while b == a:
            b = self._pick(pools.BRAND_CHARS)
        return a + b

    def contact(self) -> str:
        birth = self._birth()
        return self.person_name(birth.year, self.rng.random() < 0.6) + self._pick(pools.ORG_CONTACT_TITLES)

    def _general_org(self, d: _District, big: bool) -> tuple[str, str, str]:
        rng = self.rng
        roll = rng.random()
        if big or roll < 0.35:
            name = f"杭州{self.brand()}{self._pick(pools.LIGHT_INDUSTRIES)}有限公司"
            return name, "91", self.industrial_address(d) if rng.random() < 0.5 else self.street_address(d)
        if roll < 0.85:
            name = f"杭州市{d.name}{self.brand()}{self._pick(pools.SHOPS)}"
            return name, "92", self.street_address(d)
        if roll < 0.93:
            street = self._pick(d.streets)[0]
            name = f"{self._pick(pools.BANKS)}杭州{street.removesuffix('街道')}支行"
            return name, "91", self.street_address(d)
        name = f"中国石化销售股份有限公司浙江杭州{self.brand()}加油站"
        return name, "91", self.street_address(d)

    def _public_org(self, d: _District) -> tuple[str, str, str]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.25 and d.towns:
            town, village = self.village(d)
            return (f"杭州市{d.name}{town}{village}村村民委员会", "54",
                    f"浙江省杭州市{d.name}{town}{village}村村委会")
        if roll < 0.45:
            street, compounds = self._pick(d.streets)
            compound = self._pick(compounds)[0]
            return (f"杭州市{d.name}{street}{compound}社区居民委员会", "54", self.street_address(d))
        if roll < 0.60:
            return f"杭州市{d.name}人民政府{self._pick(d.streets)[0]}办事处", "11", self.street_address(d)
        if roll < 0.75:
            school = self._pick(("小学", "中学", "实验小学", "幼儿园", "第二中学", "职业高级中学"))
            return f"杭州市{d.name}{self.brand()}{school}", "12", self.street_address(d)
        if roll < 0.83:
            hospital = self._pick(("人民医院", "中医院", "社区卫生服务中心", "妇幼保健院"))
            return f"杭州市{d.name}{self._pick(d.streets)[0].removesuffix('街道')}{hospital}", "12", \
                self.street_address(d)
        if roll < 0.93:
            road = self._pick(d.roads)
            return (f"杭州市{d.name}城市管理局（路灯管理所）", "11",
                    f"浙江省杭州市{d.name}{road}路灯{self._between(1, 60)}号箱")
        return f"杭州市公安局{d.name}分局{self._pick(d.streets)[0].removesuffix('街道')}派出所", "11", \
            self.street_address(d)

    def _agricultural_org(self, d: _District) -> tuple[str, str, str]:
        rng = self.rng
        town, village = self.village(d)
        site = f"浙江省杭州市{d.name}{town}{village}村{self._pick(pools.FARM_SITES)}"
        roll = rng.random()
        if roll < 0.45:
            kind = self._pick(("股份经济合作社", "经济合作社"))
            return f"杭州市{d.name}{town}{village}村{kind}", "N2", site
        if roll < 0.55:
            return f"杭州市{d.name}{town}{village}村{self._between(1, 12)}组经济合作社", "N1", site
        if roll < 0.80:
            crop = self._pick(("果蔬", "茶叶", "粮食", "水产", "花卉苗木", "蚕桑", "笋竹"))
            return f"杭州市{d.name}{self.brand()}{crop}专业合作社", "93", site
        if roll < 0.92:
            return f"杭州{self.brand()}农业开发有限公司", "91", site
        return f"杭州市{d.name}{self.brand()}家庭农场", "92", site

    # --- one customer ---------------------------------------------------------------------

    def customer(self, index: int) -> dict[str, Any]:
        """The clean field values of customer ``index`` (0-based) plus ``status``."""
        rng = self.rng
        kind = KIND_MIX.pick(rng)
        voltage, capacities = _SUPPLY[kind].pick(rng)
        capacity = self._pick(capacities)
        large = rules.is_large_customer(kind, capacity)
        v: dict[str, Any] = {
            "kind": kind, "voltage_level": voltage, "capacity_kva": capacity,
            "tariff_code": rules.DEFAULT_TARIFF[kind], "low_income": LowIncome.NONE, "vip": False,
            "customer_manager": self._pick(pools.CUSTOMER_MANAGERS) if large else "",
            "contact_person": "", "phone2": "", "notes": "", "status": CustomerStatus.NORMAL,
        }
        if kind == CustomerKind.RESIDENTIAL:
            self._residential(v, index)
        else:
            self._non_residential(v, kind, large)
        v["meter_no"] = self.meter_no(index)
        v["supply_line"], v["transformer_area"] = self._pick(self._supply[self._last_district.name])
        # 重要客户: ~1 % overall — hospitals, schools and works among the public and large customers
        v["important"] = self._random() < (0.15 if kind == CustomerKind.PUBLIC else 0.1 if large else 0.006)
        roll = rng.random()
        if roll < 0.010:
            v["status"] = CustomerStatus.CLOSED
        elif roll < 0.010 + {CustomerKind.LARGE_INDUSTRY: 0.05, CustomerKind.GENERAL_CI: 0.01,
                             CustomerKind.AGRICULTURAL: 0.03}.get(kind, 0.0):
            v["status"] = CustomerStatus.SUSPENDED
        return v

    def _residential(self, v: dict[str, Any], index: int) -> None:
        rng = self.rng
        rural_pick = rng.random()
        d = self._district.pick(rng)
        self._last_district = d
        rural = bool(d.towns) and rural_pick > d.urban_share
        v["area"] = Area.RURAL if rural else Area.URBAN
        v["supply_address"] = self.rural_address(d) if rural else self.urban_address(d)
        v["party_type"] = PartyType.INDIVIDUAL
        if self._recent_people and rng.random() < 0.015:
            # One person, several homes (一人多户): same name, ID and phone, another address.
            holder = self._pick(self._recent_people)
            v.update(holder)
            return
        doc_roll = rng.random()
        if doc_roll < 0.002:
            v["id_type"], v["id_number"], v["name"] = self._other_document()
            birth, male = self._birth(), rng.random() < 0.5
        else:
            birth, male = self._birth(), rng.random() < 0.5
            v["name"] = (self._pick(pools.DOT_NAMES) if doc_roll > 0.9995
                         else self.person_name(birth.year, male))
            v["id_type"] = IdType.RIC
            v["id_number"] = self.resident_id(birth, male, d, old_style=birth.year < 1965 and doc_roll > 0.97)
        age = REFERENCE_DATE.year - birth.year
        v["phone"] = self.landline() if age > 70 and rng.random() < 0.3 else self.mobile()
        if rng.random() < 0.18:
            v["phone2"] = self.mobile() if v["phone"].startswith("0") or rng.random() < 0.6 else self.landline()
        low = rng.random()
        if low < 0.017:
            v["low_income"] = LowIncome.DIBAO
            v["notes"] = f"低保证号{d.code}{self._between(2008, 2024)}{self._below(100000):05d}"
        elif low < 0.020:
            v["low_income"] = LowIncome.WUBAO
            v["notes"] = "五保供养对象，供养证已核验"
        elif age >= 80 and rng.random() < 0.2:
            if not v["phone2"]:
                v["phone2"] = self.mobile()
            v["notes"] = "独居老人，停电或欠费请先联系备用电话（子女）"
        if len(self._recent_people) < 2000:
            self._recent_people.append({k: v[k] for k in ("name", "id_type", "id_number", "phone", "phone2")})
        elif index % 7 == 0:
            self._recent_people[self._below(2000)] = {
                k: v[k] for k in ("name", "id_type", "id_number", "phone", "phone2")}

    def _non_residential(self, v: dict[str, Any], kind: str, large: bool) -> None:
        rng = self.rng
        if kind == CustomerKind.AGRICULTURAL:
            d = self._rural_district.pick(rng)
            v["area"] = Area.RURAL
        elif kind == CustomerKind.LARGE_INDUSTRY:
            d = self._industrial_district.pick(rng)
            v["area"] = Area.URBAN if rng.random() < 0.7 else Area.RURAL
        else:
            d = self._district.pick(rng)
            v["area"] = Area.RURAL if d.towns and rng.random() > d.urban_share else Area.URBAN
        self._last_district = d
        individual = (kind == CustomerKind.GENERAL_CI and not large and rng.random() < 0.2) or \
            (kind == CustomerKind.AGRICULTURAL and not large and rng.random() < 0.5)
        if individual:  # 个体户 or farmer under the owner's own name
            birth, male = self._birth(), rng.random() < 0.6
            v["party_type"] = PartyType.INDIVIDUAL
            v["name"] = self.person_name(birth.year, male)
            v["id_type"] = IdType.RIC
            v["id_number"] = self.resident_id(birth, male, d)
            if kind == CustomerKind.AGRICULTURAL:
                town, village = self.village(d)
                v["supply_address"] = f"浙江省杭州市{d.name}{town}{village}村{self._pick(pools.FARM_SITES)}"
            else:
                v["supply_address"] = self.street_address(d)
            v["phone"] = self.mobile()
            return
        v["party_type"] = PartyType.ORGANISATION
        if kind == CustomerKind.LARGE_INDUSTRY:
            heavy = self._pick(pools.HEAVY_INDUSTRIES)
            name = (f"浙江{self.brand()}{heavy}股份有限公司" if rng.random() < 0.3
                    else f"杭州{self.brand()}{heavy}有限公司")
            prefix, address = "91", self.industrial_address(d)
            v["vip"] = rng.random() < 0.5
            if rng.random() < 0.3:
                v["notes"] = "双电源供电，另一路为备用电源"
        elif kind == CustomerKind.PUBLIC:
            name, prefix, address = self._public_org(d)
            v["vip"] = large and rng.random() < 0.3
        elif kind == CustomerKind.AGRICULTURAL:
            name, prefix, address = self._agricultural_org(d)
        else:
            name, prefix, address = self._general_org(d, big=large)
            v["vip"] = large and rng.random() < 0.2
        area6 = d.birth_codes[-1] if rng.random() < 0.2 else d.code
        v["name"] = name
        v["id_type"] = IdType.USCC
        v["id_number"] = self.credit_code(prefix, area6)
        v["supply_address"] = address
        v["contact_person"] = self.contact()
        if rng.random() < 0.6:
            v["phone"], v["phone2"] = self.landline(), self.mobile()
        else:
            v["phone"] = self.mobile()
