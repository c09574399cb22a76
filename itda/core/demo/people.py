"""Korean names, volunteer personas and talent phrases for the demo city.

Names are common Korean names by generation; nothing here is a real person. Talent phrases
are written the way volunteers write them on a form, and each phrase carries the
qualification it implies, so a profile's qualifications always agree with its talents.
"""

from __future__ import annotations

from typing import NamedTuple

# Surnames with rough shares of the population (통계청 2015 census order).
SURNAMES: list[tuple[str, float]] = [
    ("김", 21.5), ("이", 14.7), ("박", 8.4), ("최", 4.7), ("정", 4.3), ("강", 2.4), ("조", 2.1),
    ("윤", 2.1), ("장", 2.0), ("임", 1.7), ("한", 1.5), ("오", 1.5), ("서", 1.5), ("신", 1.5),
    ("권", 1.4), ("황", 1.4), ("안", 1.4), ("송", 1.3), ("류", 1.2), ("전", 1.1), ("홍", 1.1),
    ("고", 0.9), ("문", 0.9), ("양", 0.9), ("손", 0.9), ("배", 0.8), ("백", 0.8), ("허", 0.7),
    ("유", 0.6), ("남", 0.6), ("심", 0.5), ("노", 0.5), ("하", 0.5), ("곽", 0.4), ("성", 0.4),
    ("차", 0.4), ("주", 0.4), ("우", 0.4), ("구", 0.4), ("민", 0.3), ("나", 0.3), ("진", 0.3),
    ("지", 0.3), ("엄", 0.3), ("채", 0.3), ("원", 0.2), ("천", 0.2), ("방", 0.2), ("공", 0.2),
    ("현", 0.2), ("함", 0.2), ("변", 0.2), ("염", 0.2), ("여", 0.2), ("추", 0.1), ("도", 0.1),
    ("소", 0.1), ("석", 0.1), ("선", 0.1), ("설", 0.1), ("마", 0.1), ("길", 0.1), ("위", 0.1),
]

# Given names that were common when each age group was born.
GIVEN_NAMES: dict[str, dict[str, list[str]]] = {
    "senior": {
        "f": [
            "영자", "순자", "정자", "영숙", "옥순", "말순", "복순", "정순", "춘자", "명자", "경자",
            "영희", "숙자", "순희", "정숙", "영순", "옥자", "금순", "순례", "점순", "귀례", "미자",
            "순덕", "복례", "길자", "화자", "정희", "명숙", "애자", "봉순", "양순", "공순", "연희",
            "순남", "춘심", "금자", "은순", "덕순", "매자", "희자",
        ],
        "m": [
            "영수", "영호", "영철", "정수", "상철", "광수", "병철", "종수", "재호", "만수", "성수",
            "용수", "정호", "춘식", "판석", "기철", "동수", "길수", "병수", "봉수", "재석", "상호",
            "종호", "영길", "명수", "용철", "정식", "기남", "순철", "광호", "진호", "태식", "덕수",
            "남수", "홍식", "창호", "갑수", "양섭", "정남", "문식",
        ],
    },
    "adult": {
        "f": [
            "미경", "은영", "현주", "지영", "수진", "은정", "미영", "선영", "혜진", "지현", "유진",
            "지은", "민지", "수빈", "은지", "정미", "미숙", "경희", "선희", "혜숙", "윤정", "소영",
            "지혜", "현정", "세영", "나영", "주희", "보람", "슬기", "다혜", "예린", "하늘", "미란",
            "은주", "연경", "명희", "혜원", "진아", "수연", "가영", "채은", "서영", "유리", "은비",
        ],
        "m": [
            "성호", "정훈", "상훈", "성민", "동현", "지훈", "현우", "준호", "민수", "재훈", "성진",
            "영민", "승현", "준영", "태윤", "경수", "진우", "상민", "종훈", "대현", "병훈", "재민",
            "동욱", "승민", "철민", "정민", "기현", "용준", "창민", "우진", "상우", "민재", "도현",
            "건우", "태훈", "형준", "광민", "석진", "명훈", "한결", "범수", "재영", "인호", "시훈",
        ],
    },
    "youth": {
        "f": [
            "서연", "서윤", "지우", "서현", "민서", "하은", "하윤", "윤서", "지유", "채원", "지민",
            "수아", "지아", "다은", "예은", "소율", "예린", "수빈", "채윤", "다인", "가은", "윤아",
            "은서", "시은", "유나", "나윤", "하린", "연우", "지윤", "주아",
        ],
        "m": [
            "민준", "서준", "도윤", "예준", "시우", "하준", "주원", "지호", "지후", "준우", "건우",
            "현우", "우진", "선우", "연우", "유준", "정우", "승우", "승현", "시윤", "준서", "유찬",
            "지환", "이준", "민재", "윤우", "은찬", "수호", "태민", "재윤",
        ],
    },
}


class Phrase(NamedTuple):
    """A talent phrase and the qualification it implies ('' for none)."""

    text: str
    qual: str = ""


class TalentKind(NamedTuple):
    fields: tuple[str, ...]  # 1365 upper field codes this talent serves
    phrases: tuple[Phrase, ...]
    max_phrases: int = 2


P = Phrase

# {n} is replaced by a number of years that fits the volunteer's age group.
TALENTS: dict[str, TalentKind] = {
    "cook": TalentKind(("0100",), (
        P("반찬 만들기"), P("김치 담그기"), P("국 끓이기 자신 있어요"), P("밑반찬 조리"),
        P("경로식당 배식 봉사 {n}년"), P("도시락 만들기"), P("떡 만들기"), P("제과제빵이 취미예요"),
        P("한식조리기능사 자격증 있어요", "cook_cert"), P("식당을 {n}년 운영했어요", "cook_cert"),
        P("단체 급식 조리 경험", "cook_cert"), P("김장 봉사 매년 참여"), P("나물 무침ㆍ장조림 잘해요"),
        P("죽 쑤기"), P("채소 다듬기ㆍ재료 손질"),
    )),
    "repair": TalentKind(("0200",), (
        P("전기 배선 수리 {n}년 경력", "electrician"), P("전기기능사 자격 보유", "electrician"),
        P("전등ㆍ콘센트 교체", "electrician"), P("간단한 목공"), P("방충망ㆍ문고리 수리"),
        P("도배와 장판 시공 경험"), P("페인트칠"), P("수도꼭지ㆍ배관 수리"), P("집수리 봉사 {n}년"),
        P("가구 조립"), P("문풍지ㆍ단열재 붙이기"), P("안전 손잡이 설치"), P("보일러 점검"),
    )),
    "digital": TalentKind(("0400", "1900"), (
        P("스마트폰 사용법 알려드려요"), P("키오스크 주문 방법 안내"), P("컴퓨터 기초(한글ㆍ엑셀) 가르치기"),
        P("카카오톡ㆍ영상통화 알려드리기"), P("유튜브 영상 편집"), P("홈페이지 관리 경험"),
        P("블로그ㆍSNS 홍보"), P("사진 보정ㆍ카드뉴스 만들기"), P("코딩 교육 가능"),
        P("온라인 쇼핑몰 운영 경험"), P("은행 앱ㆍ병원 예약 앱 사용법 안내"),
    )),
    "tutor": TalentKind(("0400",), (
        P("초등 수학 지도"), P("중학 영어 지도"), P("독서 지도ㆍ책 읽어주기"), P("한글 교실 강사 경험"),
        P("초등학교 교사로 {n}년 근무", "teacher"), P("과학 실험 놀이"), P("논술ㆍ글쓰기 지도"),
        P("숙제 봐주기"), P("중등 교사 출신", "teacher"), P("검정고시 국어 지도", "teacher"),
        P("받아쓰기ㆍ기초 학습 지도"), P("초등 영어 동화 읽어주기"),
    )),
    "driver": TalentKind(("0100",), (
        P("트럭 운전 가능", "driver_license"), P("승합차 운전 가능", "driver_license"),
        P("1톤 트럭 있어요", "driver_license"), P("주말 차량 봉사 가능", "driver_license"),
        P("병원 동행 차량 지원", "driver_license"), P("택시 운전 {n}년", "driver_license"),
        P("물품 운반ㆍ배달", "driver_license"), P("도시락 배달 차량 운행", "driver_license"),
    )),
    "beauty": TalentKind(("0100",), (
        P("미용 봉사 경험"), P("커트ㆍ파마 가능(미용사 자격)", "hairdresser"),
        P("이발 봉사 {n}년", "hairdresser"), P("네일 케어"), P("어르신 머리 손질", "hairdresser"),
        P("미용실을 {n}년 운영했어요", "hairdresser"),
    )),
    "care": TalentKind(("0100", "0500"), (
        P("요양보호사 자격 있어요", "care_worker"), P("어르신 목욕 봉사 경험"), P("휠체어 이동 보조"),
        P("치매 어르신 돌봄 경험", "care_worker"), P("장애인 활동지원 경험"), P("병원 동행"),
        P("장보기 동행"), P("주간보호센터 봉사 {n}년"),
    )),
    "health": TalentKind(("0500",), (
        P("간호사로 {n}년 근무", "nurse"), P("혈압ㆍ혈당 체크 가능", "nurse"),
        P("응급처치 강사 자격", "first_aid"), P("심폐소생술 교육 이수", "first_aid"),
        P("물리치료사 경력"), P("건강 체조 지도"), P("치매 예방 체조 강사"), P("약 복용 안내 (약사)"),
    )),
    "companion": TalentKind(("0300",), (
        P("어르신 말벗"), P("이야기 들어드리기 좋아해요"), P("안부 전화 봉사"), P("웃음치료 자격"),
        P("노래로 어르신 즐겁게 해드려요"), P("상담 공부 중"), P("손편지 쓰기"), P("산책 동행"),
        P("독거 어르신 안부 방문 {n}년"),
    )),
    "farm": TalentKind(("0600",), (
        P("농사 경험 많아요"), P("과수원 일 해봤어요"), P("배 수확 일손 돕기 경험"), P("텃밭 가꾸기"),
        P("양파ㆍ마늘 수확 경험"), P("농기계 조금 다룰 줄 압니다"), P("주말 농촌 일손 돕기"),
        P("비닐하우스 작업 가능"), P("평생 농사지었어요"), P("고추 따기ㆍ감 따기"),
    )),
    "interpret": TalentKind(("1300",), (
        P("베트남어 통역 가능", "interpreter"), P("중국어 통역ㆍ번역", "interpreter"), P("영어 회화"),
        P("일본어 통역 경험", "interpreter"), P("러시아어 통역 (고려인 주민)", "interpreter"),
        P("다문화 가정 한국어 지도"), P("영어 번역"), P("우즈베크어 가능", "interpreter"),
    )),
    "office": TalentKind(("0900",), (
        P("엑셀 자료 정리"), P("사무 보조 {n}년"), P("회계 장부 정리"), P("서류 정리ㆍ자료 입력"),
        P("포장ㆍ분류 작업"), P("전화 응대"), P("우편물 발송 작업"), P("행정 업무 경력"),
    )),
    "event": TalentKind(("0700",), (
        P("행사 진행ㆍ사회 보기"), P("사진 촬영"), P("풍물ㆍ사물놀이"), P("합창단 활동"),
        P("색소폰 연주"), P("캘리그라피"), P("풍선아트"), P("레크리에이션 진행"), P("기타 연주"),
        P("행사장 안내"), P("하모니카 연주"), P("마술 공연"),
    )),
    "environment": TalentKind(("0800",), (
        P("플로깅"), P("광주천 정화 활동"), P("분리배출 교육"), P("꽃 가꾸기ㆍ화단 정리"),
        P("숲 해설"), P("등산로 정비"), P("업사이클링 공예"), P("텀블러 쓰기 캠페인"),
    )),
    "childcare": TalentKind(("0400",), (
        P("아이 돌봄 경험"), P("동화구연"), P("보드게임 놀이 지도"), P("종이접기"), P("미술 놀이"),
        P("보육교사 경력 {n}년"), P("그림책 읽어주기"),
    )),
    "safety": TalentKind(("1000",), (
        P("야간 방범 순찰"), P("교통 안전 지도"), P("녹색어머니회 활동"), P("자율방범대 {n}년"),
        P("어린이 등굣길 지킴이"), P("심폐소생술 교육 이수", "first_aid"),
    )),
    "professional": TalentKind(("0900", "1100"), (
        P("법률 상담 가능 (변호사)"), P("세무 상담 (세무사)"), P("노무 상담 (공인노무사)"),
        P("회계 감사 경력 (공인회계사)"), P("부동산 계약 상담"), P("창업ㆍ경영 컨설팅"),
    ), max_phrases=1),
    "sports": TalentKind(("0700", "0500"), (
        P("탁구 지도"), P("배드민턴 지도"), P("게이트볼"), P("요가 강사"), P("걷기 모임 인솔"),
        P("축구 코치 경험"),
    )),
    "disaster": TalentKind(("1200",), (
        P("수해 복구 봉사 경험"), P("재난 구호 교육 이수"), P("제설 작업 가능"),
        P("응급처치 자격", "first_aid"), P("폭염 쉼터 점검 봉사"),
    )),
}


class Persona(NamedTuple):
    """Who a volunteer is: decides talents, the intro's first sentence and the weekly rhythm."""

    age_group: str
    weight: float
    kinds: tuple[str, ...]  # talent kinds, the first one always used
    intros: tuple[str, ...]
    rhythm: str  # availability pattern, see generator.AVAILABILITY


PERSONAS: list[Persona] = [
    # Seniors: weekday daytime.
    Persona("senior", 3, ("repair", "driver", "safety"), (
        "전기 일을 {n}년 하다가 퇴직했습니다.", "평생 집 짓고 고치는 일을 했습니다.",
    ), "senior"),
    Persona("senior", 3, ("tutor", "companion", "digital"), (
        "초등학교에서 아이들을 가르치다 정년퇴직했습니다.", "교직에서 퇴직한 지 몇 년 됐습니다.",
    ), "senior"),
    Persona("senior", 5, ("cook", "companion", "care"), (
        "평생 살림하며 식구들 밥을 해 왔습니다.", "손주들 다 키우고 이제 시간이 좀 납니다.",
        "경로당 총무를 맡고 있습니다.",
    ), "senior"),
    Persona("senior", 3, ("farm", "cook", "environment"), (
        "고향에서 농사를 짓다가 광주로 왔습니다.", "주말마다 텃밭을 가꿉니다.",
    ), "senior"),
    Persona("senior", 3, ("office", "safety", "companion"), (
        "구청에서 공무원으로 일하다 퇴직했습니다.", "은행에서 오래 일하다 은퇴했습니다.",
    ), "senior"),
    Persona("senior", 1.5, ("health", "care", "companion"), (
        "병원에서 간호사로 일하다 은퇴했습니다.", "보건소에서 오래 근무했습니다.",
    ), "senior"),
    Persona("senior", 1, ("beauty", "companion"), (
        "동네에서 이발소를 오래 했습니다.", "미용실을 하다가 얼마 전 가게를 정리했습니다.",
    ), "senior"),
    Persona("senior", 1.5, ("event", "companion", "sports"), (
        "노래 교실과 풍물패 활동을 하고 있습니다.", "복지관 합창단 단원입니다.",
    ), "senior"),
    # Adults: evenings and weekends, or weekday daytime for those at home.
    Persona("adult", 6, ("digital", "office", "event", "environment"), (
        "회사에 다니는 직장인입니다.", "회사에 다니면서 틈틈이 봉사하고 있습니다.",
        "IT 회사에서 일하고 있습니다.",
    ), "worker"),
    Persona("adult", 5, ("cook", "childcare", "companion", "care"), (
        "두 아이를 키우고 있습니다.", "아이들이 학교에 간 사이에 봉사하고 싶습니다.",
    ), "home"),
    Persona("adult", 4, ("tutor", "digital", "event", "interpret"), (
        "대학에서 공부하고 있는 학생입니다.", "교육학을 전공하는 대학생입니다.",
        "사범대에 다니고 있습니다.",
    ), "student"),
    Persona("adult", 1.5, ("health", "care", "companion"), (
        "종합병원 간호사입니다.", "요양병원에서 일하고 있습니다.",
    ), "shift"),
    Persona("adult", 1.5, ("care", "companion", "cook"), (
        "요양보호사로 일하고 있습니다.", "어르신 돌봄 일을 하고 있습니다.",
    ), "home"),
    Persona("adult", 1, ("beauty", "companion"), (
        "동네에서 작은 미용실을 하고 있습니다.", "헤어 디자이너로 일합니다.",
    ), "shift"),
    Persona("adult", 2, ("driver", "repair", "farm"), (
        "화물차를 운전하는 자영업자입니다.", "인테리어 일을 하고 있습니다.",
        "전기 공사 일을 하고 있습니다.",
    ), "worker"),
    Persona("adult", 1.5, ("tutor", "childcare"), (
        "중학교 교사입니다.", "학원에서 아이들을 가르치고 있습니다.",
    ), "worker"),
    Persona("adult", 1, ("professional", "office"), (
        "자격증을 살려 봉사하고 싶은 전문직 직장인입니다.", "작은 사무실을 운영하고 있습니다.",
    ), "worker"),
    Persona("adult", 1, ("interpret", "cook", "childcare"), (
        "외국에서 와서 광주에 정착한 지 십 년 됐습니다.", "결혼해서 한국에 온 이민자입니다.",
    ), "home"),
    Persona("adult", 1.5, ("farm", "environment", "sports"), (
        "주말농장을 하는 회사원입니다.", "등산과 걷기를 좋아하는 직장인입니다.",
    ), "worker"),
    Persona("adult", 0.8, ("disaster", "safety", "driver"), (
        "소방서에서 일하다 전직했습니다.", "자율방범대 활동을 하고 있는 직장인입니다.",
    ), "worker"),
    # Youth: weekends and after school.
    Persona("youth", 4, ("digital", "tutor", "event"), (
        "중학교 3학년 학생입니다.", "고등학교 1학년입니다.", "중학교 2학년입니다.",
    ), "youth"),
    Persona("youth", 3, ("environment", "event", "companion"), (
        "고등학교 2학년입니다.", "환경 동아리에서 활동하는 고등학생입니다.",
    ), "youth"),
    Persona("youth", 2, ("childcare", "tutor", "sports"), (
        "동생들 돌보는 걸 좋아하는 중학생입니다.", "고등학교 봉사 동아리 부원입니다.",
    ), "youth"),
    Persona("youth", 1, ("interpret", "digital"), (
        "영어를 좋아하는 고등학생입니다.", "외국에서 살다 와서 영어를 조금 합니다.",
    ), "youth"),
]

MOTIVATIONS: dict[str, list[str]] = {
    "senior": [
        "동네 어르신들께 조금이라도 도움이 되고 싶습니다.",
        "시간은 많으니 필요한 곳이 있으면 불러 주세요.",
        "아직 몸이 건강할 때 이웃을 돕고 싶어요.",
        "배운 기술을 그냥 두기 아까워서 봉사를 시작했습니다.",
        "작은 일이라도 손이 필요하면 연락 주세요.",
    ],
    "adult": [
        "가까운 곳에서 꾸준히 할 수 있는 봉사를 찾고 있어요.",
        "제가 가진 재능으로 이웃과 함께하고 싶습니다.",
        "바쁘지만 한 달에 몇 번은 꼭 봉사하려고 합니다.",
        "도움이 필요한 분께 연결되면 좋겠습니다.",
    ],
    "youth": [
        "봉사 시간도 채우고 동네에도 보탬이 되고 싶어요.",
        "친구들과 함께 참여할 수 있는 활동을 찾고 있어요.",
        "어르신들과 이야기 나누는 게 좋아요.",
        "주말에 할 수 있는 봉사면 좋겠습니다.",
    ],
}

RHYTHM_SENTENCES: dict[str, list[str]] = {
    "senior": ["평일 낮에는 거의 시간이 됩니다.", "오전 시간이 편합니다."],
    "worker": ["퇴근 후 저녁이나 주말에 가능합니다.", "주말 위주로 활동할 수 있어요."],
    "home": ["아이들 등교 후 오전 시간이 편해요.", "평일 낮 시간에 가능합니다."],
    "student": ["수업 없는 오후와 주말에 시간이 있어요.", "방학에는 더 자주 할 수 있어요."],
    "shift": ["교대 근무라 쉬는 날에 맞춰 활동합니다.", "근무 없는 날 낮에 가능합니다."],
    "youth": ["주말과 방과 후에 참여할 수 있어요.", "토요일 오전이 제일 좋아요."],
}
