"""Korean place, organisation, team and camp texts for the demo city.

Road names and landmarks are real Gwangju names so addresses read naturally; house
numbers, unit numbers and phone numbers are random, and personal mobile numbers use the
unissued 010-0xxx block so no real person can be reached through demo data.
"""

from __future__ import annotations

from typing import NamedTuple

# Major roads per district (keyed by district name).
ROADS: dict[str, list[str]] = {
    "동구": ["금남로", "충장로", "제봉로", "필문대로", "남문로", "중앙로", "서석로", "지호로",
             "동계천로", "의재로", "경양로", "학소로"],
    "서구": ["상무대로", "화정로", "운천로", "상무중앙로", "풍암순환로", "금화로", "염주로",
             "천변좌로", "회재로", "월드컵4강로", "경열로", "화운로"],
    "남구": ["봉선로", "서문대로", "대남대로", "효덕로", "송암로", "진월로", "제석로",
             "주월로", "월산로", "방림로", "양림로", "독립로"],
    "북구": ["용봉로", "서하로", "설죽로", "북문대로", "우치로", "하서로", "동문대로", "일곡로",
             "양일로", "두암로", "무등로", "자미로", "면앙로", "군왕로"],
    "광산구": ["첨단중앙로", "임방울대로", "수완로", "장신로", "무진대로", "어등대로", "하남대로",
               "신가로", "송정로", "광산로", "평동로", "사암로", "용아로", "풍영로"],
}

# Public landmarks per district, used for place labels of outdoor activities.
LANDMARKS: dict[str, list[str]] = {
    "동구": ["광주천 천변", "푸른길 공원", "무등산 증심사 입구", "국립아시아문화전당 앞 광장",
             "충장로 상점가", "지산유원지 입구", "산수동 굴다리 일대"],
    "서구": ["상무시민공원", "운천저수지 일대", "풍암호수공원", "광주천 하류 산책로",
             "5·18기념공원", "금호동 근린공원", "서창 들녘 억새길"],
    "남구": ["양림동 역사문화마을", "푸른길 공원 남구 구간", "효천 근린공원", "광주천 천변 산책로",
             "진월동 제석산 산책로", "빛고을 노인건강타운 광장", "대촌 들녘"],
    "북구": ["중외공원", "광주역 광장", "영산강 산책로", "일곡 근린공원", "용봉 생태공원",
             "말바우시장 일대", "각화동 농산물 도매시장 앞", "서방시장 주변"],
    "광산구": ["수완호수공원", "쌍암공원", "풍영정천 산책로", "황룡강 둔치", "1913송정역시장",
               "영산강 승촌보 일대", "첨단 대상공원"],
}

CAMP_PLACES: list[str] = [
    "{dong} 행정복지센터 2층", "{dong} 행정복지센터 1층 민원실 옆", "{dong} 행정복지센터 3층 회의실",
    "{dong} 주민자치센터 프로그램실", "{dong} 작은도서관 안", "{dong} 마을공동체 사랑방",
    "{dong} 복합커뮤니티센터 1층",
]

BUILDING_KINDS_HOME: list[str] = ["아파트", "아파트", "아파트", "빌라", "주택", "주택"]


class OrgVariant(NamedTuple):
    """Names and descriptions that belong together, and what the organisation focuses on.

    Name placeholders: {dong}, {dong2} (the dong without 동/number), {district}, {crop}, {word},
    {surname}. The focus decides which need templates the organisation posts ("general" posts
    anything its type allows).
    """

    names: tuple[str, ...]
    focus: str
    descriptions: tuple[str, ...]


ORG_WORDS: list[str] = ["빛고을", "무등", "희망", "다온", "햇살", "새봄", "온누리", "한마음", "푸른", "늘봄",
                        "두레", "나눔", "동행", "어울림", "들꽃", "은행나무", "소나무", "빛가람"]

FARM_CROPS: list[str] = ["배", "양파", "딸기", "블루베리", "대파", "고추", "감", "수박", "토마토", "미나리"]

# Dongs where farms are (names as in the places reference data).
FARM_DONGS: list[str] = ["본량동", "삼도동", "임곡동", "평동", "동곡동", "대촌동", "석곡동",
                         "지원2동", "학운동", "서창동", "하남동", "어룡동", "건국동"]

V = OrgVariant

ORGS: dict[str, list[OrgVariant]] = {
    "farm": [V(
        ("{dong2} {crop} 농장", "{dong2} 햇살 {crop}농원", "{word} {crop} 농가", "{surname}씨네 {crop}밭",
         "무등산 {crop} 농장", "{dong2} {crop} 작목반", "영산강 {crop} 농원"), "general",
        ("{crop} 농사를 짓는 가족 농장입니다. 수확철마다 일손이 모자라 도움을 구합니다.",
         "3대째 {crop} 농사를 이어 오고 있습니다. 어르신 두 분이 대부분의 일을 하고 계셔서 바쁜 철에는 손이 부족합니다.",
         "귀농한 지 6년 된 젊은 농가입니다. 친환경으로 {crop}을/를 키우고 로컬푸드 직매장에 냅니다."),
    )],
    "sme": [
        V(("{word}식품", "{word} 떡방앗간", "(주){word}물산"), "general",
          ("지역 농산물로 반찬과 소스를 만드는 식품 회사입니다. 사회공헌 일자리 사업에 함께하고 있습니다.",
           "명절마다 주문이 몰리는 작은 식품 회사입니다. 포장 일손이 늘 부족합니다.")),
        V(("{dong2}정밀", "{word}포장", "(주){word}테크", "{word} 전자부품", "{dong2} 인쇄소"), "general",
          ("직원 열두 명이 일하는 작은 제조 회사입니다. 주문이 몰리는 시기에 포장과 분류 일손이 부족합니다.",
           "{district}에서 20년째 자리를 지켜 온 중소기업입니다. 직원 봉사단과 함께 지역 봉사도 합니다.")),
    ],
    "social_economy": [
        V(("{district}지역자활센터", "{word} 자활기업"), "general",
          ("저소득 주민의 자립을 돕는 자활 사업을 합니다. 도시락과 반찬을 만들어 어르신 댁에 전합니다.",)),
        V(("{district} 사회적경제 지원센터",), "general",
          ("지역 사회적경제 조직들이 함께 운영합니다. 나눔 장터와 교육 행사를 자주 엽니다.",)),
        V(("{district} 푸드뱅크", "{word} 나눔가게"), "meal",
          ("기부받은 식품과 생필품을 필요한 이웃에게 나누는 곳입니다.",)),
    ],
    "public_interest": [
        V(("광주 {word} 환경모임", "영산강 지킴이 시민모임", "무등산 보호 시민모임", "광주천 살리기 {word}모임"), "env",
          ("시민들이 함께 환경을 지키는 비영리 단체입니다. 매달 하천과 공원 정화 활동을 합니다.",
           "기후 위기에 맞서 생활 속 실천을 알리는 시민 모임입니다.")),
        V(("광주 다문화가족 {word}센터", "{word} 이주민 지원센터"), "multicultural",
          ("외국인 주민과 다문화 가족의 정착을 돕는 단체입니다. 통역과 한국어 교실을 운영합니다.",)),
        V(("{district} 안전마을 지킴이", "{dong2} 자율방범대"), "safety",
          ("주민이 스스로 마을 안전을 지키는 모임입니다. 야간 순찰과 등굣길 안전 지도를 합니다.",)),
        V(("{word} 인권 네트워크", "광주 {word} 시민연대"), "rights",
          ("인권과 공익을 위해 활동하는 시민 단체입니다. 캠페인과 시민 교육을 꾸준히 합니다.",)),
    ],
    "social_enterprise": [
        V(("(주){word}도시락", "(주)행복한 {word}밥상"), "meal",
          ("취약계층을 고용해 도시락을 만들고 홀몸 어르신 댁에 배달하는 사회적기업입니다.",)),
        V(("(주){word}공방", "{word} 새활용 센터"), "env",
          ("버려지는 물건을 새로 고쳐 쓰는 새활용 공방을 운영합니다. 장애인 직원들과 함께 일합니다.",)),
        V(("{word} 돌봄 사회적기업", "{word} 세탁 사회적기업"), "elderly",
          ("어르신 돌봄과 이불 세탁 서비스를 하는 사회적기업입니다. 지역 봉사단과 함께 활동합니다.",)),
    ],
    "village_enterprise": [
        V(("{dong2} 마을부엌", "{dong2} 마을 방앗간", "{dong2} 두부마을"), "meal",
          ("마을 주민들이 함께 세운 마을기업입니다. 반찬과 두부를 만들어 팔고 수익의 일부로 이웃을 돕습니다.",)),
        V(("{dong2} 골목 마을카페", "{word}마을 공방", "{dong2} 어울림 마을기업"), "general",
          ("골목 카페와 공방을 운영하며 마을 축제를 여는 마을기업입니다.",)),
    ],
    "cooperative": [
        V(("{word} 돌봄 사회적협동조합",), "elderly",
          ("조합원들이 함께 만든 돌봄 협동조합입니다. 어르신 방문 돌봄에 주민 봉사자가 함께합니다.",)),
        V(("빛고을 로컬푸드 협동조합", "{dong2} 협동조합"), "general",
          ("지역 농산물을 모아 직거래하는 협동조합입니다. 조합원과 주민이 함께 나눔 행사를 엽니다.",)),
        V(("{word} 의료복지 사회적협동조합",), "health",
          ("주민이 주인인 의료복지 협동조합으로, 건강 교실과 방문 진료를 합니다.",)),
        V(("{dong2} 공동육아 협동조합", "{word} 마을교육 협동조합"), "children",
          ("부모들이 함께 아이를 키우고 마을 교육을 꾸리는 협동조합입니다.",)),
    ],
    "welfare_facility": [
        V(("{dong2}종합사회복지관",), "general",
          ("지역 주민을 위한 종합사회복지관입니다. 경로식당, 방과후 교실, 재가 복지 사업을 합니다.",)),
        V(("{district}노인복지관", "{word} 노인주간보호센터", "{word} 요양원"), "elderly",
          ("어르신들이 낮 동안 머무르며 프로그램에 참여하는 곳입니다. 식사와 이동을 도와줄 손길이 필요합니다.",
           "하루 150명 넘는 어르신께 점심을 드리는 경로식당을 운영합니다.")),
        V(("{dong2} 지역아동센터", "{word} 그룹홈"), "children",
          ("방과 후 아이들을 돌보고 공부를 가르치는 곳입니다. 학습 지도 봉사자를 늘 찾고 있습니다.",)),
        V(("{district}장애인복지관", "{word} 장애인 보호작업장"), "disability",
          ("장애인의 자립과 사회 참여를 돕는 시설입니다. 활동 보조와 나들이에 봉사자가 필요합니다.",)),
        V(("{dong2} 무료급식소",), "meal",
          ("어르신과 노숙인에게 따뜻한 점심을 드리는 무료급식소입니다.",)),
    ],
}

# How many organisations of each type in a default run of 50 (scaled for other sizes).
ORG_TYPE_WEIGHTS: dict[str, float] = {
    "welfare_facility": 10, "farm": 8, "sme": 6, "social_enterprise": 6, "public_interest": 6,
    "village_enterprise": 5, "cooperative": 5, "social_economy": 4,
}

REJECT_NOTES: list[str] = [
    "사업자등록증과 기관 이름이 다릅니다. 서류를 다시 확인해 주세요.",
    "영리 목적의 홍보 활동으로 보여 사회공헌 일자리 기준에 맞지 않습니다.",
]


class TeamSpec(NamedTuple):
    kind: str  # Team.Kind value
    specialty: str
    names: tuple[str, ...]
    description: str
    fields: tuple[str, ...]  # upper field codes
    talent: str  # talent kind members are drawn from ("" = any)
    age_groups: tuple[str, ...]


TEAMS: list[TeamSpec] = [
    TeamSpec("professional", "의료", ("빛고을 의료봉사단", "{district} 사랑의 의료봉사단", "무등 간호 봉사단"),
             "간호사와 의료인이 모여 어르신 건강 체크와 무료 진료를 돕습니다.", ("0500",), "health", ("adult", "senior")),
    TeamSpec("professional", "법률", ("광주 법률나눔 봉사단", "{district} 마을 변호사단"),
             "변호사와 법무사가 주민의 생활 법률 상담을 합니다.", ("1100", "0900"), "professional", ("adult",)),
    TeamSpec("professional", "세무ㆍ회계", ("빛고을 세무나눔단", "{district} 회계 봉사단"),
             "세무사와 회계사가 소상공인과 비영리 단체의 장부 정리를 돕습니다.", ("0900",), "professional", ("adult", "senior")),
    TeamSpec("professional", "집수리", ("{district} 행복 집수리 봉사단", "{dong} 사랑의 집고치기 봉사단", "빛고을 희망 집수리단"),
             "전기, 설비, 도배 기술자들이 홀몸 어르신과 저소득 가구의 집을 고칩니다.", ("0200",), "repair", ("adult", "senior")),
    TeamSpec("professional", "IT", ("광주 디지털 나눔단", "{district} 스마트 봉사단", "첨단 IT 재능나눔단"),
             "개발자와 디자이너가 어르신 디지털 교육과 단체 홈페이지 제작을 돕습니다.", ("0400", "1900"), "digital", ("adult",)),
    TeamSpec("retiree", "퇴직자", ("{dong} 은빛 봉사단", "{district} 실버 재능나눔단", "무등산 청춘 봉사단",
                                 "{dong} 퇴직 교사 봉사단", "{dong} 은빛 집수리 봉사단", "{district} 시니어 행복 나눔단",
                                 "{dong} 인생이모작 봉사단", "빛고을 은퇴 공무원 봉사단"),
             "퇴직 후 경험과 기술을 나누려는 어르신들이 모였습니다. 평일 낮 활동이 많습니다.",
             ("0100", "0300"), "", ("senior",)),
    TeamSpec("family", "가족", ("{dong} 행복한 가족봉사단", "{dong} 우리집 봉사단", "{district} 온가족 나눔단"),
             "부모와 아이가 함께 주말 봉사를 합니다.", ("0800", "0700"), "", ("adult", "youth")),
    TeamSpec("youth", "청소년", ("{dong} 청소년 봉사 동아리", "{district} 청소년 환경지킴이", "빛고을 청소년 멘토단"),
             "중고등학생들이 주말과 방학에 함께 활동합니다.", ("0800", "0400"), "", ("youth",)),
    TeamSpec("corporate", "기업", ("(주)빛고을에너지 사랑나눔 봉사단", "무등식품 한마음 봉사단", "첨단전자 임직원 봉사단",
                                  "{word}물산 나눔봉사단", "광산산업단지 연합 봉사단"),
             "임직원이 한 달에 한 번 지역 봉사에 나섭니다.", ("0200", "0800", "0100"), "", ("adult",)),
]

# Default team mix for a 60-team city (scaled down for small runs): spec index → count.
TEAM_MIX: list[tuple[int, int]] = [
    (0, 3), (1, 2), (2, 2), (3, 5), (4, 3),  # professional corps: 15
    (5, 22),  # retiree corps (the roadmap starts at 20)
    (6, 8), (7, 8), (8, 7),
]
