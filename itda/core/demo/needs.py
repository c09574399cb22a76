"""Templates of help requests for the demo city, per 1365 field and per kind of requester.

A need is written from a template: a title, then an opener (who asks: residents only), one
task sentence (alternatives: exactly one is used, so every title agrees with every task),
up to two detail sentences (all compatible), a line per required qualification and a
closer that fits the setting. Placeholders: {dong} {district} {org} {landmark} {age} {n}
plus the template's own `vars`. Particles written as 을/를, 이/가, 은/는, 과/와, 으로/로
are fixed after filling, so "{crop}을/를" reads 배를 or 감을.
"""

from __future__ import annotations

from typing import NamedTuple


class NeedTemplate(NamedTuple):
    key: str
    field: str  # 1365 upper field code
    sub: str  # sub-field name under that code in the reference data ('' = the upper field)
    who: str  # "resident" (a resident, or by proxy for one) or "org"
    org_types: tuple[str, ...]
    titles: tuple[str, ...]
    tasks: tuple[str, ...]  # alternatives: one is used
    time: str  # slot profile, see generator.TIME_PROFILES
    headcount: tuple[int, int]
    slots: tuple[int, int]
    details: tuple[str, ...] = ()  # compatible extras: up to two are used
    vars: dict[str, tuple[str, ...]] = {}
    quals: tuple[tuple[str, float], ...] = ()
    ages: tuple[tuple[str, ...], ...] = ((),)  # options; () means every age group
    places: tuple[str, ...] = ()
    openers: tuple[str, ...] = ()  # replace the generic openers (residents only)
    sensitive: tuple[str, ...] = ()  # health notes, only written with sensitive consent
    recurring: bool = False  # same weekday and time every week
    weight: float = 1.0
    proxy_tasks: tuple[str, ...] = ()  # tasks in the registrar's voice; none = not registered by proxy
    focus: tuple[str, ...] = ()  # organisation focuses that post it (see texts.ORGS); () = any
    setting: str = "indoor"  # closers: indoor, outdoor, farm, online


ADULTS = ("adult", "senior")
ALL: tuple[str, ...] = ()

# Openers by the resident's sex; the neutral ones are in both lists.
_NEUTRAL_OPENERS = (
    "{age}대 중반이고 혼자 살고 있습니다.",
    "무릎이 안 좋아서 높은 곳에 올라가기가 어렵습니다.",
    "자식들이 서울에 살아서 자주 오지 못합니다.",
    "허리 수술을 받은 뒤로 집안일이 많이 힘듭니다.",
    "{dong}에서 {n}년째 혼자 살고 있습니다.",
)
RESIDENT_OPENERS: dict[str, tuple[str, ...]] = {
    "f": (*_NEUTRAL_OPENERS, "남편을 먼저 보내고 혼자 지낸 지 {n}년 됐습니다.", "{dong}에 사는 {age}대 할머니입니다."),
    "m": (*_NEUTRAL_OPENERS, "아내가 요양병원에 들어간 뒤로 혼자 지내고 있습니다.", "{dong}에 사는 {age}대 할아버지입니다."),
}

PROXY_OPENERS: tuple[str, ...] = (
    "{dong}에 혼자 사시는 {age}대 어르신입니다.",
    "안녕마을 방문 중에 알게 된 어르신 댁입니다.",
    "휴대전화가 없으셔서 동 캠프에서 대신 등록합니다.",
    "거동이 불편해 바깥출입을 거의 못 하시는 분입니다.",
    "가족과 연락이 끊긴 지 오래된 {age}대 어르신으로, 기초생활수급 가구입니다.",
    "주민센터 복지 상담 중에 도움이 필요하다고 말씀하신 분입니다.",
)

RESIDENT_CLOSERS: tuple[str, ...] = (
    "오시기 전에 전화 한 통 주시면 좋겠습니다.", "시간은 맞춰 드릴 수 있어요.",
    "차 한 잔 대접하겠습니다.", "부탁드립니다. 고맙습니다.", "오래 걸리지는 않을 거예요.",
)

PROXY_CLOSERS: tuple[str, ...] = (
    "첫 방문 때는 캠프 담당자가 함께 갑니다.",
    "어르신이 낯을 가리시니 처음에는 천천히 다가가 주세요.",
    "방문 전에 담당 활동가에게 먼저 연락 부탁드립니다.",
    "어르신 귀가 어두우시니 크게, 천천히 말씀해 주세요.",
)

ORG_CLOSERS: dict[str, tuple[str, ...]] = {
    "indoor": (
        "봉사 시간은 1365에 등록해 드립니다.", "처음 오시는 분도 차근차근 알려 드립니다.",
        "자원봉사 상해보험에 가입된 활동입니다.", "주차 공간이 있습니다.", "물과 간식을 준비해 두겠습니다.",
    ),
    "outdoor": (
        "편한 운동화를 신고 오세요.", "조끼와 이름표는 현장에서 나눠 드립니다.",
        "비가 많이 오면 하루 전에 연락드리고 연기합니다.", "봉사 시간은 1365에 등록해 드립니다.",
        "자원봉사 상해보험에 가입된 활동입니다.",
    ),
    "farm": (
        "장갑과 작업복은 준비해 드립니다.", "새참과 점심을 드립니다.", "햇볕이 강하니 모자를 챙겨 오세요.",
        "버스 정류장에서 농장까지 차로 모시러 갑니다.", "자원봉사 상해보험에 가입된 활동입니다.",
    ),
    "online": (
        "작업한 시간만큼 봉사 시간을 인정해 드립니다.", "궁금한 점은 담당자에게 문자로 물어봐 주세요.",
        "마감일 안에만 보내 주시면 됩니다.",
    ),
}

SENSITIVE_NOTES: tuple[str, ...] = (
    "당뇨가 있어 단 음식은 피해 주세요.", "보행기를 쓰셔서 이동이 느리십니다.",
    "고혈압 약을 드시고 계십니다.", "경도 치매 진단을 받으셨습니다. 같은 이야기를 여러 번 하실 수 있어요.",
    "청력이 많이 약하십니다.", "무릎 수술 후 재활 중이십니다.",
)

R = "resident"
ORG = "org"
WELFARE = "welfare_facility"

TEMPLATES: list[NeedTemplate] = [
    # ── residents: 주거환경 ────────────────────────────────────────────────────
    NeedTemplate(
        "light", "0200", "주거개선", R, (),
        ("{room} 전등 교체 도와주세요", "{room} 형광등이 나갔어요", "깜빡이는 {room} 등을 LED로 바꿔 주실 분",
         "{room} 전등 좀 갈아 주세요"),
        ("{room} 형광등이 며칠째 깜빡이다 아예 나갔습니다. 새 LED 등은 사 두었는데 천장이 높아 혼자 달 수가 없습니다.",
         "{room} 전등이 고장 나서 저녁이면 손전등을 켜고 지냅니다. 전등 기구째 바꿔야 할 것 같습니다."),
        "repair", (1, 2), (1, 1),
        vars={"room": ("거실", "안방", "부엌", "화장실", "현관", "작은방")},
        quals=(("electrician", 0.45),), ages=(ADULTS,), places=("{dong} 주택가", "{dong} 아파트 단지"),
        proxy_tasks=("{room} 형광등이 나가서 저녁이면 어둡게 지내십니다. 새 등은 구청 지원으로 받아 두었는데 "
                     "천장이 높아 직접 다실 수가 없습니다.",),
    ),
    NeedTemplate(
        "fix", "0200", "주거개선", R, (),
        ("{fix} 고쳐 주실 분 찾아요", "{fix}이/가 고장 났어요", "{fix} 수리 부탁드립니다"),
        ("{fix}이/가 고장 나서 불편하게 지내고 있습니다. 부품은 철물점에서 사다 둘 수 있습니다.",
         "오래된 집이라 {fix}이/가 말썽입니다. 간단한 공구는 집에 있습니다."),
        "repair", (1, 2), (1, 1),
        vars={"fix": ("방충망", "현관 문고리", "싱크대 수도꼭지", "화장실 문", "방문 손잡이", "욕실 샤워기",
                      "베란다 창문")},
        ages=(ADULTS,), places=("{dong} 주택가", "{dong} 빌라 밀집 지역"),
        proxy_tasks=("{fix}이/가 고장 난 채로 오래 지내셨습니다. 부품은 캠프에서 준비해 둘 수 있습니다.",),
    ),
    NeedTemplate(
        "winter", "0200", "주거개선", R, (),
        ("겨울 오기 전 문풍지와 단열 뽁뽁이 붙이기", "창문 외풍 막는 작업 도와주세요", "오래된 집 단열 작업 도와주실 분"),
        ("창문 틈으로 바람이 많이 들어와 겨울마다 춥게 지냅니다. 문풍지와 단열 에어캡은 구청에서 받아 두었습니다.",
         "난방비가 걱정이라 창문에 단열 작업을 하고 싶은데 손이 닿지 않습니다."),
        "repair", (2, 3), (1, 1), ages=(ALL, ADULTS), places=("{dong} 주택가",),
        proxy_tasks=("창문 틈으로 바람이 많이 들어와 겨울마다 춥게 지내십니다. 문풍지와 단열 에어캡은 구청에서 "
                     "받아 두었습니다.",),
    ),
    NeedTemplate(
        "wallpaper", "0200", "주거개선", R, (),
        ("곰팡이 핀 벽지 새로 발라 주실 분", "{room} 도배와 장판 교체 도움 요청", "누수로 얼룩진 {room} 도배 부탁드려요"),
        ("{room} 벽에 곰팡이가 심해 도배를 새로 해야 합니다. 도배지와 풀은 동 행정복지센터에서 지원받았습니다.",
         "장판이 들뜨고 벽지가 얼룩져 {room}을/를 새로 꾸미고 싶습니다. 자재는 구청 지원으로 받았습니다."),
        "repair", (2, 4), (1, 1), vars={"room": ("작은방", "안방", "거실", "부엌")},
        ages=(ADULTS,), places=("{dong} 주택가",), weight=0.7,
        proxy_tasks=("{room} 벽에 곰팡이가 심해 도배를 새로 해야 합니다. 도배지와 풀은 동 행정복지센터에서 "
                     "지원받았습니다.",),
    ),
    # ── residents: 생활편의 ────────────────────────────────────────────────────
    NeedTemplate(
        "sidedish", "0100", "식사ㆍ반찬지원", R, (),
        ("혼자 지내는 어르신 밑반찬 도움", "일주일 치 밑반찬 만들어 주실 분", "{dish} 같은 밑반찬 부탁드려요",
         "밑반찬 만들기 도와주실 이웃을 찾습니다"),
        ("손이 떨려서 칼질과 불 앞에 오래 서 있기가 어렵습니다. {dish} 같은 반찬을 한 번에 만들어 두면 일주일은 먹습니다.",
         "밥은 할 수 있는데 반찬 만들기가 힘듭니다. {dish}처럼 오래 두고 먹을 반찬이면 좋겠습니다."),
        "meal", (1, 2), (2, 4), details=("재료는 미리 사 두겠습니다.", "싱겁게 먹어야 해서 간을 약하게 해 주시면 좋겠습니다."),
        vars={"dish": ("멸치볶음", "콩자반", "나물무침", "장조림", "계란말이", "무생채")},
        quals=(("cook_cert", 0.15),), ages=(ADULTS,), places=("{dong} 주택가", "{dong} 아파트 단지"),
        sensitive=SENSITIVE_NOTES[:3], recurring=True, weight=1.6,
        proxy_tasks=("손이 불편하셔서 반찬을 직접 만들기 어려우십니다. {dish} 같은 반찬을 한 번에 만들어 두면 "
                     "일주일은 드십니다.",),
    ),
    NeedTemplate(
        "hospital", "0100", "활동보조", R, (),
        ("{hospital} 정기 진료 동행해 주실 분", "병원 동행 부탁드립니다", "{hospital} 외래 진료 같이 가 주세요"),
        ("한 달에 한 번 {hospital}에 진료를 받으러 가는데 혼자서는 접수와 수납이 어렵습니다.",
         "다리가 불편해 버스를 갈아타고 {hospital}까지 가기가 힘듭니다. 같이 가서 진료 순서를 챙겨 주시면 됩니다."),
        "escort", (1, 1), (1, 2),
        vars={"hospital": ("대학병원", "정형외과", "보훈병원", "안과", "치과", "한방병원")},
        quals=(("driver_license", 0.35),), ages=(("adult",), ADULTS), places=("{dong} 주택가",),
        sensitive=SENSITIVE_NOTES[1:5], weight=1.4,
        proxy_tasks=("한 달에 한 번 {hospital} 진료가 있는데 혼자서는 접수와 수납을 어려워하십니다.",
                     "다리가 불편하셔서 버스를 갈아타기 힘드십니다. {hospital}까지 함께 가서 진료 순서를 챙겨 주시면 됩니다."),
    ),
    NeedTemplate(
        "shopping", "0100", "활동보조", R, (),
        ("장보기 동행해 주실 분", "{market} 장보기 도와주세요", "무거운 장바구니 같이 들어 주실 분"),
        ("일주일에 한 번 {market}에 장을 보러 가는데 무거운 걸 들고 오기가 힘듭니다.",
         "쌀과 생수처럼 무거운 물건을 {market}에서 사 와야 하는데 혼자서는 어렵습니다."),
        "visit_am", (1, 1), (2, 3), vars={"market": ("동네 시장", "동네 마트", "말바우시장", "양동시장", "대인시장")},
        ages=(ALL, ADULTS), places=("{dong} 주택가",), recurring=True,
        proxy_tasks=("일주일에 한 번 {market}에 장을 보러 가시는데 무거운 물건을 들고 오기 힘들어하십니다.",),
    ),
    NeedTemplate(
        "cleanup", "0100", "청결지도", R, (),
        ("집 정리와 대청소 도와주실 분", "안 쓰는 짐 정리 도와주세요", "대청소 같이 해 주실 분 찾아요"),
        ("몸이 아파 한동안 청소를 못 했더니 집 안이 엉망입니다. 버릴 물건을 정리하고 청소를 도와주시면 좋겠습니다.",
         "오래된 짐이 방 하나를 다 차지하고 있습니다. 버릴 것과 둘 것을 나누고 청소하는 일입니다."),
        "visit_am", (2, 3), (1, 1), ages=(ALL, ADULTS), places=("{dong} 주택가", "{dong} 빌라 밀집 지역"),
        proxy_tasks=("몸이 편찮으셔서 한동안 청소를 못 하셨습니다. 버릴 물건 정리와 청소를 함께해 주시면 좋겠습니다.",),
    ),
    NeedTemplate(
        "laundry", "0100", "청결지도", R, (),
        ("겨울 이불 빨래 도와주세요", "큰 이불 빨래와 정리 부탁드려요"),
        ("큰 이불은 혼자 빨아 널기가 어렵습니다. 근처 빨래방까지 같이 가 주셔도 됩니다.",),
        "visit_am", (1, 2), (1, 1), ages=(ALL,), places=("{dong} 주택가",), weight=0.6,
        proxy_tasks=("큰 이불을 혼자 빨아 널기 어려워하십니다. 근처 빨래방까지 함께 가 주셔도 됩니다.",),
    ),
    NeedTemplate(
        "haircut", "0100", "", R, (),
        ("집에서 머리 손질 받고 싶어요", "어르신 이발 봉사 부탁드립니다", "거동 불편 어르신 커트 봉사"),
        ("미용실까지 걸어가기가 힘들어 머리를 못 자른 지 두 달이 넘었습니다. 집에서 간단히 커트만 해 주시면 됩니다.",),
        "visit_am", (1, 1), (1, 1), quals=(("hairdresser", 0.7),), ages=(ADULTS,), places=("{dong} 주택가",),
        weight=0.6,
        proxy_tasks=("미용실까지 걸어가기 힘드셔서 머리를 못 자르신 지 두 달이 넘었습니다. 집에서 간단히 커트만 "
                     "해 주시면 됩니다.",),
    ),
    # ── residents: 말벗, 교육, 보건, 통역 ─────────────────────────────────────
    NeedTemplate(
        "talk", "0300", "말벗ㆍ상담", R, (),
        ("말벗이 되어 주실 분을 찾습니다", "일주일에 한 번 안부 들어 주실 분", "적적한 오후, 이야기 나눌 말벗 구해요",
         "{age}대 어르신 말벗 봉사"),
        ("하루 종일 말 한마디 안 하고 지내는 날이 많습니다. 가끔 찾아와 이야기 나눠 주시면 큰 힘이 되겠습니다.",
         "텔레비전만 보며 지내다 보니 마음이 많이 울적합니다. 옛날이야기 들어 주고 같이 산책해 주실 분이면 좋겠습니다."),
        "visit_pm", (1, 1), (3, 4), ages=(ALL, ADULTS), places=("{dong} 주택가", "{dong} 아파트 단지"),
        sensitive=SENSITIVE_NOTES[3:], recurring=True, weight=1.5,
        proxy_tasks=("하루 종일 말 한마디 안 하고 지내시는 날이 많습니다. 가끔 찾아와 이야기 나눠 주시면 큰 힘이 "
                     "되겠습니다.",
                     "옛날이야기를 좋아하시고 동네 산책을 함께하면 무척 좋아하십니다."),
    ),
    NeedTemplate(
        "smartphone", "0400", "평생교육", R, (),
        ("{thing}을/를 배우고 싶어요", "스마트폰 사용법 알려 주실 분", "{thing} 좀 가르쳐 주세요"),
        ("손주가 사 준 스마트폰이 있는데 전화 받는 것밖에 못 합니다. {thing}을/를 배우고 싶습니다.",
         "요즘은 뭐든 휴대폰으로 해야 해서 답답합니다. {thing}을/를 천천히 여러 번 알려 주시면 좋겠습니다."),
        "visit_pm", (1, 1), (2, 3),
        vars={"thing": ("영상통화 하는 법", "카카오톡으로 사진 보내는 법", "병원 예약하는 법", "버스 도착 시간 보는 법",
                        "키오스크로 주문하는 법", "은행 앱으로 송금하는 법", "유튜브 보는 법")},
        ages=(ALL,), places=("{dong} 행정복지센터", "{dong} 경로당", "{dong} 주택가"), recurring=True, weight=1.3,
        proxy_tasks=("자녀분이 사 드린 스마트폰으로 전화 받는 것밖에 못 하십니다. {thing}을/를 배우고 싶어 "
                     "하십니다.",),
    ),
    NeedTemplate(
        "kidstudy", "0400", "학습지도 교육", R, (),
        ("초등 {grade}학년 아이 {subject} 공부 봐 주실 분", "방과 후 {subject} 숙제 도와주실 선생님",
         "{grade}학년 아이 학습 지도 부탁드려요"),
        ("맞벌이라 아이가 학교 끝나고 혼자 있는 시간이 깁니다. 숙제와 {subject} 공부를 봐 주실 분을 찾습니다.",
         "혼자 아이를 키우고 있어 학원에 보낼 형편이 안 됩니다. 일주일에 한 번 {subject} 기초를 잡아 주시면 좋겠습니다."),
        "tutor", (1, 1), (3, 4), vars={"grade": ("2", "3", "4", "5", "6"), "subject": ("수학", "국어", "영어", "받아쓰기")},
        quals=(("teacher", 0.2),), ages=(("adult",), ADULTS),
        places=("{dong} 작은도서관", "{dong} 행정복지센터 2층", "{dong} 아파트 단지"),
        openers=("초등학생 아이를 키우고 있습니다.", "{dong}에 사는 초등학생 학부모입니다."),
        details=("아이가 수줍음이 많지만 칭찬하면 잘 따라옵니다.",), recurring=True,
    ),
    NeedTemplate(
        "health_check", "0500", "의료지원", R, (),
        ("혈압ㆍ혈당 재 주실 분 찾아요", "건강 상태 가끔 살펴 주실 분", "약 챙겨 먹는 것 봐 주실 분"),
        ("혈압약과 당뇨약을 먹는데 제대로 챙겨 먹고 있는지 늘 헷갈립니다. 가끔 와서 혈압과 혈당을 재 주시면 좋겠습니다.",
         "병원에 자주 가기 어려워 집에서 건강 상태를 가끔 확인받고 싶습니다."),
        "visit_am", (1, 1), (2, 3), quals=(("nurse", 0.6),), ages=(("adult",), ADULTS),
        places=("{dong} 주택가",), sensitive=SENSITIVE_NOTES[:3], recurring=True,
        proxy_tasks=("혈압약과 당뇨약을 드시는데 제대로 챙겨 드시는지 걱정입니다. 방문해서 혈압과 혈당을 재 주실 분을 "
                     "찾습니다.",),
    ),
    NeedTemplate(
        "interpret_family", "1300", "", R, (),
        ("{lang} 통역 도와주실 분 (병원ㆍ학교 상담)", "결혼이주여성 {lang} 통역 봉사", "학교 상담 {lang} 통역 부탁드려요"),
        ("아이 학교 상담과 병원 진료 때 말이 잘 통하지 않아 어려움이 큽니다. {lang} 통역을 부탁드립니다.",
         "한국에 온 지 얼마 안 돼서 주민센터 서류와 병원 설명을 알아듣기 어렵습니다. {lang}을/를 하시는 분을 찾습니다."),
        "escort", (1, 1), (1, 2), vars={"lang": ("베트남어", "중국어", "러시아어", "우즈베크어", "캄보디아어")},
        quals=(("interpreter", 0.8),), ages=(ADULTS,), places=("{dong} 행정복지센터", "{dong} 주택가"),
        openers=("{dong}에 사는 다문화 가정입니다.", "결혼해서 광주에 온 지 {n}년 된 이주여성입니다."), weight=0.5,
    ),
    # ── organisations: 농어촌 봉사 ─────────────────────────────────────────────
    NeedTemplate(
        "harvest", "0600", "일손지원", ORG, ("farm",),
        ("{crop} 수확 일손이 필요합니다", "{crop} {task} 도와주실 분 모집", "[{org}] {crop} {task} 일손 돕기",
         "{dong} {crop} 농가 {task} 봉사", "농촌 일손 돕기: {crop} {task}"),
        ("{crop} {task} 철인데 일손이 턱없이 부족합니다. 농장 주인 내외가 모두 일흔이 넘어 젊은 손길이 필요합니다.",
         "올해는 작황이 좋아 {crop} 양이 많습니다. 수확한 {crop}을/를 골라 담는 일까지 함께해 주실 분을 찾습니다.",
         "외국인 계절근로자가 늦게 들어와 {task} 작업이 밀려 있습니다."),
        "farm", (4, 10), (2, 4), details=("처음 하시는 분도 30분이면 금방 익힙니다.", "허리를 많이 쓰는 일이라 중간중간 쉬어 가며 합니다."),
        vars={"task": ("수확", "선별 작업", "포장 작업", "상자 나르기")},
        ages=(ADULTS, ("adult",), ALL), places=("{org}", "{dong} {org} 밭", "{dong} 들녘"), weight=3, setting="farm",
    ),
    NeedTemplate(
        "farm_prep", "0600", "일손지원", ORG, ("farm",),
        ("{crop} {task} 일손 구합니다", "[{org}] {task} 작업 자원봉사", "{crop}밭 {task} 도와주세요"),
        ("{crop} 농사 준비로 {task}을/를 해야 하는데 손이 모자랍니다.",
         "하루 네 시간만 도와주셔도 큰 힘이 됩니다. 이번 주에 {task}을/를 끝내야 합니다."),
        "farm", (3, 8), (1, 3), vars={"task": ("모종 심기", "잡초 뽑기", "비닐 걷기", "지지대 세우기", "퇴비 나르기")},
        ages=(ADULTS, ALL), places=("{org}", "{dong} {org} 하우스"), weight=1.5, setting="farm",
    ),
    # ── organisations: 사무행정 ───────────────────────────────────────────────
    NeedTemplate(
        "packing", "0900", "업무지원", ORG,
        ("sme", "social_enterprise", "village_enterprise", "cooperative", "social_economy"),
        ("{product} 포장 작업 도와주실 분", "[{org}] {product} 포장ㆍ분류 일손 모집", "명절 {product} 포장 봉사"),
        ("주문이 몰리는 시기라 {product} 포장과 상자 접기 일손이 필요합니다. 앉아서 하는 가벼운 작업입니다.",
         "장애인 직원들과 함께 {product}을/를 분류하고 포장합니다. 천천히, 꼼꼼하게 해 주시면 됩니다."),
        "office", (2, 6), (2, 4), details=("위생모와 장갑을 드립니다.",),
        vars={"product": ("김부각", "떡", "반찬", "친환경 비누", "로컬푸드 꾸러미", "수제 쿠키", "전통 장류", "선물 세트")},
        ages=(ALL, ADULTS), places=("{org} 작업장", "{org}"), weight=2,
    ),
    NeedTemplate(
        "office", "0900", "사무지원", ORG, ("sme", "social_economy", "public_interest", WELFARE, "cooperative"),
        ("사무 보조(자료 입력ㆍ서류 정리) 자원봉사", "[{org}] 후원자 명단 정리 도와주실 분", "엑셀 자료 입력 봉사자 모집"),
        ("후원자 명단과 활동 기록을 엑셀로 정리하는 일입니다. 컴퓨터를 조금 다룰 줄 아시면 됩니다.",
         "종이로 된 활동 기록을 컴퓨터에 옮겨 적는 일입니다. 한글과 엑셀을 쓸 줄 아시면 됩니다."),
        "office", (1, 3), (2, 3), ages=(ALL, ADULTS), places=("{org} 사무실", "{org}"),
    ),
    NeedTemplate(
        "mailing", "0900", "사무지원", ORG, ("public_interest", WELFARE, "social_economy", "cooperative"),
        ("소식지 발송 작업 도와주세요", "[{org}] 연말 소식지 봉투 작업"),
        ("연말 소식지 {n}00부를 접어서 봉투에 넣고 주소 라벨을 붙이는 작업입니다.",),
        "office", (3, 6), (1, 1), ages=(ALL,), places=("{org} 사무실",), weight=0.6,
    ),
    # ── organisations: 생활편의 ───────────────────────────────────────────────
    NeedTemplate(
        "canteen", "0100", "급식지원", ORG, (WELFARE, "social_economy", "village_enterprise"),
        ("경로식당 배식 보조", "[{org}] 어르신 점심 {task} 도우미", "어르신 점심 배식과 설거지 도와주실 분",
         "경로식당 {task} 봉사자 모집"),
        ("하루 {meals}명 어르신께 점심을 드립니다. {task}을/를 맡아 주실 분을 찾습니다.",
         "점심시간에 어르신들이 한꺼번에 오셔서 {task} 손이 모자랍니다."),
        "meal", (3, 8), (3, 6), details=("조리는 영양사 선생님과 조리원이 하시고, 봉사자는 배식과 정리를 돕습니다.",
                                         "봉사 후 함께 점심을 드십니다."),
        vars={"task": ("배식", "설거지", "재료 손질", "식판 정리"), "meals": ("80", "120", "150", "200")},
        quals=(("cook_cert", 0.15),), ages=(ADULTS, ALL), places=("{org} 1층 식당", "{org} 경로식당"),
        recurring=True, weight=2, focus=("elderly", "meal"),
    ),
    NeedTemplate(
        "lunchbox", "0100", "식사ㆍ반찬지원", ORG, ("social_enterprise", WELFARE, "social_economy", "village_enterprise"),
        ("홀몸 어르신 도시락 배달 봉사", "반찬 나눔 조리와 포장 도와주실 분", "[{org}] 밑반찬 만들기 봉사"),
        ("매주 홀몸 어르신 {meals}가구에 반찬을 전합니다. 조리와 포장, 배달로 나누어 봉사합니다.",
         "어르신 댁에 보낼 밑반찬을 만들고 용기에 나눠 담는 일입니다."),
        "meal", (2, 6), (2, 4), details=("배달은 차량이 있는 분께 부탁드리고, 포장은 누구나 하실 수 있습니다.",),
        vars={"meals": ("30", "45", "60")},
        quals=(("driver_license", 0.4), ("cook_cert", 0.15)), ages=(ADULTS,), places=("{org}", "{org} 조리실"),
        recurring=True, weight=1.5, focus=("meal", "elderly"),
    ),
    NeedTemplate(
        "daycare", "0100", "활동보조", ORG, (WELFARE, "social_enterprise", "cooperative"),
        ("[{org}] 오후 프로그램 보조", "[{org}] 이동 보조와 말벗 봉사", "나들이 활동 보조 봉사자 모집"),
        ("오후 프로그램에 참여하시도록 이동을 돕고 곁에서 말벗이 되어 드리는 활동입니다.",
         "한 달에 한 번 가까운 공원으로 나들이를 갑니다. 휠체어를 밀어 드리고 곁에서 함께 걸어 주실 분을 찾습니다."),
        "visit_pm", (2, 4), (2, 4), details=("휠체어를 쓰시는 분이 많아 이동 보조가 가장 필요합니다.",),
        quals=(("care_worker", 0.25),), ages=(ADULTS, ALL), places=("{org}",), recurring=True,
        focus=("elderly", "disability"),
    ),
    NeedTemplate(
        "bath", "0100", "활동보조", ORG, (WELFARE, "social_enterprise"),
        ("어르신 목욕 봉사", "[{org}] 거동 불편 어르신 목욕 도우미", "목욕 보조 봉사자 모집"),
        ("거동이 어려운 어르신들의 목욕을 돕는 봉사입니다. 처음 오시는 분은 선배 봉사자와 짝을 이룹니다.",
         "이동 목욕 차량으로 어르신 댁을 찾아가 목욕을 돕습니다."),
        "bath", (2, 4), (2, 3), quals=(("care_worker", 0.4),), ages=(("adult",), ADULTS),
        places=("{org} 목욕실", "{org}"), weight=0.7, focus=("elderly", "disability"),
    ),
    # ── organisations: 교육, 멘토링 ───────────────────────────────────────────
    NeedTemplate(
        "center_tutor", "0400", "학습지도 교육", ORG, (WELFARE, "cooperative"),
        ("지역아동센터 {subject} 학습 지도", "[{org}] 초등학생 {subject} 숙제 지도", "방과 후 아이들 {subject} 공부 도우미"),
        ("초등학생 {kids}명이 방과 후에 센터에서 공부합니다. {subject} 숙제를 봐 주실 선생님이 필요합니다.",
         "한 아이 한 아이 눈높이에 맞춰 {subject} 기초를 잡아 주실 분을 찾습니다."),
        "tutor", (1, 4), (3, 4), details=("대학생도 환영합니다.", "간식 시간에 아이들과 함께 이야기 나눠 주셔도 좋습니다."),
        vars={"subject": ("수학", "영어", "국어", "독서"), "kids": ("12", "18", "25")},
        quals=(("teacher", 0.2),), ages=(("adult",), ADULTS), places=("{org} 2층 공부방", "{org}"),
        recurring=True, weight=2, focus=("children",),
    ),
    NeedTemplate(
        "phone_class", "0400", "평생교육", ORG, (WELFARE, "public_interest", "cooperative"),
        ("어르신 스마트폰 교실 보조강사", "[{org}] 키오스크 사용법 교실 도우미", "디지털 배움터 보조 봉사"),
        ("어르신 스마트폰 교실에서 강사를 도와 옆에서 하나하나 알려 드리는 역할입니다.",
         "키오스크로 음식 주문하기, 기차표 예매하기를 어르신들과 함께 연습합니다."),
        "visit_pm", (2, 5), (3, 4), ages=(ALL,), places=("{org} 교육실", "{org}"), recurring=True, weight=1.2,
        focus=("elderly",),
    ),
    NeedTemplate(
        "mentor", "0300", "멘토링", ORG, (WELFARE, "public_interest", "social_economy"),
        ("자립준비청년 멘토 모집", "[{org}] 자립준비청년과 함께할 멘토"),
        ("보호 시설을 나와 자립을 준비하는 청년들과 한 달에 두 번 만나 이야기를 나눕니다.",
         "자립을 앞둔 청년들에게 집 구하기, 돈 관리 같은 생활 경험을 나눠 주실 분을 찾습니다."),
        "evening", (1, 4), (2, 3), ages=(("adult",),), places=("{org} 상담실", "{org}"), recurring=True,
        focus=("children",),
    ),
    NeedTemplate(
        "career", "0300", "멘토링", ORG, (WELFARE, "public_interest", "cooperative"),
        ("청소년 진로 멘토링 봉사", "[{org}] 중학생 진로 멘토 모집"),
        ("진로 고민이 많은 중학생들에게 직업 이야기를 들려주실 멘토를 찾습니다.",),
        "tutor", (2, 5), (2, 3), details=("직업은 무엇이든 괜찮습니다.",), ages=(("adult",), ADULTS),
        places=("{org}",), focus=("children",),
    ),
    # ── organisations: 보건ㆍ의료 ─────────────────────────────────────────────
    NeedTemplate(
        "clinic", "0500", "의료지원", ORG, ("cooperative", WELFARE, "public_interest"),
        ("무료 건강검진 안내 보조", "[{org}] 어르신 혈압 체크 부스 운영", "마을 건강교실 보조 봉사"),
        ("마을 어르신 건강검진 날 접수와 안내를 도울 분, 혈압과 혈당을 재 주실 분을 찾습니다.",
         "건강 체조와 치매 예방 교실에서 어르신들 곁에서 동작을 도와드리는 활동입니다."),
        "visit_am", (2, 6), (1, 3), quals=(("nurse", 0.4),), ages=(ADULTS,), places=("{org}", "{dong} 경로당"),
        focus=("elderly", "health"),
    ),
    NeedTemplate(
        "blood", "0500", "헌혈", ORG, ("public_interest", WELFARE),
        ("헌혈 캠페인 안내 봉사", "[{org}] 사랑의 헌혈 행사 보조"),
        ("헌혈 버스가 오는 날 참여자 안내와 간식 나눔을 돕습니다.",),
        "event", (3, 6), (1, 1), ages=(ALL,), places=("{landmark}", "{org} 앞 광장"), weight=0.5, setting="outdoor",
    ),
    # ── organisations: 문화ㆍ체육ㆍ예술ㆍ관광 ─────────────────────────────────
    NeedTemplate(
        "festival", "0700", "행사보조", ORG,
        ("public_interest", "village_enterprise", "cooperative", "social_economy", WELFARE),
        ("{festival} 행사장 안내 보조", "{festival} 체험 부스 운영 도우미", "[{org}] {festival} 자원봉사자 모집"),
        ("{festival}에서 방문객 안내와 행사장 정리를 맡아 주실 분을 모집합니다.",
         "{festival} 체험 부스에서 아이들과 만들기 활동을 함께할 분을 찾습니다."),
        "event", (5, 10), (1, 2), details=("가족 단위 봉사도 환영합니다.", "조끼와 이름표를 나눠 드립니다."),
        vars={"festival": ("마을 한마당 축제", "골목 벼룩시장", "어르신 경로잔치", "주민 화합 체육대회",
                           "가을 걷기 대회", "마을 영화제", "작은 음악회")},
        ages=(ALL,), places=("{landmark}", "{dong} 행정복지센터 앞", "{org} 마당"), weight=1.8, setting="outdoor",
    ),
    NeedTemplate(
        "performance", "0700", "공연활동", ORG, (WELFARE,),
        ("위문 공연 재능기부", "[{org}] 생신 잔치 공연 봉사"),
        ("한 달에 한 번 생신 잔치를 엽니다. 노래, 악기 연주, 레크리에이션으로 함께해 주실 분을 찾습니다.",),
        "visit_pm", (2, 6), (1, 2), ages=(ALL,), places=("{org} 강당",), weight=0.6, focus=("elderly", "disability"),
    ),
    # ── organisations: 환경ㆍ생태계보호 ──────────────────────────────────────
    NeedTemplate(
        "plogging", "0800", "환경정화", ORG, ("public_interest", "social_enterprise", "cooperative", "sme"),
        ("{landmark} 플로깅", "{landmark} 환경정화 활동", "[{org}] 주말 환경정화 봉사", "{landmark} 쓰레기 줍기"),
        ("{landmark}을/를 걸으며 쓰레기를 줍는 활동입니다. 집게와 봉투는 준비해 드립니다.",
         "비 온 뒤 {landmark}에 떠밀려 온 쓰레기가 많습니다. 함께 치워 주실 분을 찾습니다."),
        "event", (5, 10), (1, 2), details=("가족, 친구와 함께 오셔도 좋습니다.",), ages=(ALL,),
        places=("{landmark}",), weight=1.8, focus=("env",), setting="outdoor",
    ),
    NeedTemplate(
        "recycling", "0800", "환경감시", ORG, ("social_enterprise", "public_interest", "village_enterprise"),
        ("분리배출 안내 캠페인 봉사", "[{org}] 아파트 재활용 분리배출 도우미"),
        ("아파트 재활용 날에 주민들께 분리배출 방법을 안내하는 활동입니다.",
         "투명 페트병과 비닐을 따로 내놓는 방법을 알리는 캠페인입니다."),
        "event", (3, 6), (2, 3), ages=(ALL,), places=("{dong} 아파트 단지",), weight=0.8, focus=("env",),
        setting="outdoor",
    ),
    # ── organisations: 지역안전ㆍ보호 ─────────────────────────────────────────
    NeedTemplate(
        "school_safety", "1000", "어린이 안전", ORG, ("public_interest", WELFARE),
        ("등굣길 교통안전 지킴이", "[{org}] 초등학교 앞 교통 지도 봉사", "어린이 보호구역 등굣길 안전 봉사"),
        ("아침 등굣길 횡단보도에서 아이들이 안전하게 건너도록 돕는 활동입니다.",),
        "morning", (2, 4), (3, 4), details=("깃발과 형광 조끼를 드립니다.",), ages=(ADULTS,),
        places=("{dong} 초등학교 앞",), recurring=True, focus=("safety", "children"), setting="outdoor",
    ),
    NeedTemplate(
        "patrol", "1000", "지역안전", ORG, ("public_interest",),
        ("안심 귀갓길 야간 순찰", "[{org}] 골목길 방범 순찰 봉사"),
        ("가로등이 어두운 골목을 중심으로 두 명씩 짝을 지어 순찰합니다.",
         "고장 난 가로등과 위험한 곳을 살펴 기록하고 구청에 알리는 순찰입니다."),
        "evening", (3, 6), (2, 4), ages=(("adult",),), places=("{dong} 골목길", "{landmark}"), recurring=True,
        focus=("safety",), setting="outdoor",
    ),
    # ── organisations: 인권ㆍ공익 ─────────────────────────────────────────────
    NeedTemplate(
        "campaign", "1100", "", ORG, ("public_interest", "social_economy", WELFARE),
        ("장애인식 개선 캠페인 부스 운영", "[{org}] 노인 학대 예방 캠페인 봉사", "아동 권리 알리기 거리 캠페인"),
        ("시민들에게 안내지를 나누고 체험 부스를 운영하는 캠페인입니다.",),
        "event", (3, 6), (1, 2), details=("짧은 사전 교육 뒤 두 시간 동안 부스를 운영합니다.",), ages=(ALL,),
        places=("{landmark}", "{org} 앞"), focus=("rights", "disability", "children", "elderly"), setting="outdoor",
    ),
    # ── organisations: 재난ㆍ재해 ─────────────────────────────────────────────
    NeedTemplate(
        "heat_shelter", "1200", "", ORG, ("public_interest", "social_economy", WELFARE),
        ("폭염 대비 무더위 쉼터 점검 봉사", "[{org}] 한파 대비 홀몸 어르신 안부 확인"),
        ("무더위 쉼터와 한파 쉼터의 냉난방기와 비상 물품을 점검하고 어르신께 안부를 여쭙는 활동입니다.",),
        "visit_am", (2, 5), (1, 2), quals=(("first_aid", 0.2),), ages=(ADULTS,), places=("{dong} 경로당",),
        focus=("safety", "elderly"),
    ),
    NeedTemplate(
        "flood", "1200", "", ORG, ("public_interest", "social_economy", "sme"),
        ("집중호우 대비 모래주머니 쌓기", "침수 피해 가구 복구 지원", "[{org}] 수해 복구 일손 모집"),
        ("저지대 주택가에 모래주머니를 쌓고 막힌 배수구를 청소합니다.",
         "지난 비로 물이 찬 집의 가구를 옮기고 진흙을 치우는 일입니다."),
        "event", (4, 10), (1, 2), details=("장화와 장갑을 준비해 드립니다.",), quals=(("first_aid", 0.2),),
        ages=(("adult",),), places=("{dong} 저지대 주택가",), focus=("safety",), setting="outdoor", weight=0.7,
    ),
    # ── organisations: 국제협력 ───────────────────────────────────────────────
    NeedTemplate(
        "korean_class", "1300", "", ORG, ("public_interest", WELFARE, "cooperative"),
        ("외국인 주민 한국어 교실 보조", "[{org}] 이주여성 한국어 교실 짝꿍 봉사"),
        ("외국인 주민 한국어 교실에서 강사를 돕고 짝 활동을 함께합니다.",),
        "edu", (2, 5), (2, 3), ages=(ADULTS, ALL), places=("{org}", "{org} 교육실"), recurring=True,
        focus=("multicultural",),
    ),
    NeedTemplate(
        "interpret_desk", "1300", "", ORG, ("public_interest",),
        ("이주노동자 상담 {lang} 통역", "[{org}] 다문화 가족 축제 {lang} 통역"),
        ("{lang} 통역이 가능한 분을 찾습니다. 주말 상담 창구에서 서류 작성을 돕습니다.",),
        "event", (1, 3), (1, 3), vars={"lang": ("베트남어", "중국어", "러시아어", "네팔어", "영어")},
        quals=(("interpreter", 0.6),), ages=(ADULTS,), places=("{org}",), focus=("multicultural",),
    ),
    # ── organisations: 기타 (나눔) ────────────────────────────────────────────
    NeedTemplate(
        "bazaar", "1500", "", ORG, ("social_economy", "village_enterprise", "social_enterprise", "public_interest", WELFARE),
        ("나눔 바자회 물품 분류와 판매", "[{org}] 나눔 장터 운영 도우미"),
        ("기증받은 물품을 분류하고 값을 매겨 진열한 뒤 판매를 돕습니다. 수익은 이웃 돕기에 쓰입니다.",),
        "event", (4, 10), (1, 2), ages=(ALL,), places=("{org}", "{landmark}"), setting="outdoor",
    ),
    NeedTemplate(
        "kimjang", "1500", "", ORG, ("social_economy", "village_enterprise", WELFARE, "cooperative"),
        ("연말 김장 나눔 행사 도우미", "[{org}] 사랑의 김장 나눔"),
        ("김장 김치 {n}00포기를 담가 홀몸 어르신 댁에 전하는 행사입니다.",),
        "event", (6, 10), (1, 1), details=("앞치마와 고무장갑을 드립니다.",), ages=(ALL,), places=("{org} 마당", "{org}"),
        focus=("meal", "elderly"), setting="outdoor",
    ),
    NeedTemplate(
        "briquette", "1500", "", ORG, ("social_economy", "public_interest", "sme", WELFARE),
        ("사랑의 연탄 나르기", "[{org}] 연탄 나눔 봉사"),
        ("골목이 좁아 차가 못 들어가는 집에 연탄을 손에서 손으로 나릅니다.",),
        "event", (6, 10), (1, 1), details=("검은 물이 들 수 있으니 버려도 되는 옷을 입고 오세요.",),
        ages=(ADULTS, ("adult",)), places=("{dong} 주택가",), setting="outdoor", weight=0.7,
    ),
    # ── organisations: 자원봉사 기본교육 ──────────────────────────────────────
    NeedTemplate(
        "basic_edu", "1700", "자원봉사기본교육", ORG, (WELFARE, "public_interest", "social_economy"),
        ("처음 봉사하는 분을 위한 자원봉사 기본교육", "[{org}] 신규 봉사자 기본교육", "자원봉사 입문 교육 참여자 모집"),
        ("자원봉사의 뜻과 현장 예절, 안전 수칙을 두 시간 동안 배웁니다.",
         "봉사를 시작하기 전에 꼭 알아야 할 개인정보 보호와 안전 수칙을 함께 배웁니다."),
        "edu", (5, 10), (1, 2), details=("교육을 마치면 1365에 교육 시간이 기록됩니다.",), ages=(ALL,),
        places=("{org} 교육실", "{dong} 행정복지센터 3층 회의실"), weight=0.8,
    ),
    # ── organisations: 온라인자원봉사 ─────────────────────────────────────────
    NeedTemplate(
        "letters", "1900", "", ORG, ("public_interest", WELFARE, "social_enterprise", "cooperative"),
        ("홀몸 어르신께 보낼 응원 손편지 쓰기 (비대면)", "[{org}] 손편지 키트 만들기 (비대면)"),
        ("집에서 할 수 있는 비대면 봉사입니다. 키트를 받아 가서 완성한 뒤 돌려주시면 됩니다.",),
        "online", (3, 10), (1, 2), ages=(ALL,), places=("온라인 (비대면)",), weight=0.8, setting="online",
    ),
    NeedTemplate(
        "translate", "1900", "", ORG, ("public_interest", WELFARE, "cooperative", "social_enterprise"),
        ("[{org}] 소식지 영어 번역 (온라인)", "홍보 카드뉴스 만들기 (재택)"),
        ("온라인으로 자료를 받아 작업하고 메일로 보내 주시면 됩니다.",),
        "online", (1, 4), (1, 1), ages=(ALL,), places=("온라인 (비대면)",), weight=0.6, setting="online",
    ),
]
