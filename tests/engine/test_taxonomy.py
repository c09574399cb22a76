"""Korean understanding: paraphrases of help and talents land on the same concept."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itda_match import default_taxonomy
from itda_match.features import NeedTable
from itda_match.taxonomy import field_code
from itda_match.types import GeoPoint, Need

# Our own paraphrases (not the simulator's lexicon): how residents, organisations and
# volunteers actually word the same help.
NEEDS = {
    "meal": ["홀로 계신 할머니께 드릴 반찬 조리", "무료 급식소 배식 도우미", "복지관 점심 식사 준비 보조", "김장 김치 버무리기"],
    "delivery": ["거동 불편 어르신 병원 차량 이동", "도시락 배달 기사님 구해요", "푸드뱅크 물품 트럭 운반"],
    "repair": ["오래된 주택 장판 새로 깔기", "화장실 전등 교체와 콘센트 수리", "벽지 도배 및 곰팡이 제거"],
    "farm": ["사과 과수원 적과 작업", "고추 모종 심기 일손", "비닐하우스 딸기 수확"],
    "tutoring": ["중학생 영어 숙제 봐주기", "다문화 아동 한글 기초학습", "검정고시 수학 과외"],
    "digital": ["어르신 휴대폰 카카오톡 사용법 교육", "협동조합 온라인 쇼핑몰 상품 등록", "키오스크 주문 연습 도우미"],
    "health": ["경로당 혈압 혈당 체크", "재활 운동 보조", "치매 예방 체조 진행"],
    "companion": ["독거 어르신 말동무 방문", "외로운 노인 안부 전화", "우울감 있는 이웃 정서 지원"],
    "environment": ["하천변 쓰레기 줍기", "공원 플로깅 캠페인", "산책로 무단 투기 쓰레기 수거"],
    "events": ["구민 체육대회 진행 보조", "마을 축제 부스 안내", "경로잔치 공연"],
    "interpret": ["베트남 결혼이민자 병원 통역", "외국인 주민 서류 번역", "중국어 통역 지원"],
    "admin": ["사회적기업 회계 장부 정리", "협동조합 홍보물 디자인", "후원자 명단 데이터 입력"],
    "childcare": ["맞벌이 가정 아이 하원 돌봄", "지역아동센터 놀이 활동 지원", "어린이집 아이들 돌보기"],
    "disaster": ["폭우 침수 피해 가옥 복구", "폭설 골목 제설 작업", "산불 이재민 구호물품 분류"],
    "beauty": ["요양원 어르신 머리 커트", "장애인 시설 이발 봉사", "할머니들 파마 염색"],
    "animal": ["유기견 보호소 견사 청소와 산책", "길고양이 급식소 관리", "반려동물 입양 홍보"],
    "cleaning": ["저장강박 가구 집 정리", "혼자 사는 어르신 집안 대청소", "이불 빨래 봉사"],
    "mentoring": ["청소년 진로 멘토링", "취업 준비생 면접 코칭", "자립준비청년 멘토"],
}
TALENTS = {
    "meal": ["한식조리기능사 있어요", "집밥 잘 만들어요", "급식소에서 일했어요"],
    "delivery": ["1종 보통 운전면허, 승합차 있음", "택배 일 오래 함"],
    "repair": ["전기기능사", "인테리어 목공 20년", "보일러 설비 기사"],
    "farm": ["귀농해서 배 농사 지어요", "주말농장 텃밭 가꾸기"],
    "tutoring": ["중학교 수학 교사 출신", "영어 과외 경력"],
    "digital": ["웹 개발자", "유튜브 영상 편집"],
    "health": ["간호조무사", "물리치료사 면허"],
    "companion": ["어르신 말벗 잘해요", "심리상담사 자격"],
    "environment": ["숲해설가", "줍깅 모임 운영"],
    "events": ["행사 사회 진행", "기타 연주와 노래"],
    "interpret": ["중국어 원어민 수준", "베트남어 통번역"],
    "admin": ["세무사 사무실 근무", "엑셀 문서 작업 능숙"],
    "childcare": ["보육교사 자격", "아이 셋 키운 엄마"],
    "disaster": ["소방관 퇴직", "응급구조사"],
    "beauty": ["미용사 면허", "네일아트"],
    "animal": ["동물병원 근무", "유기견 임시보호 경험"],
    "cleaning": ["정리수납 전문가", "청소 대행 일"],
    "mentoring": ["기업 인사 담당 임원 출신", "창업 경험 나눔"],
}


def _top(text: str) -> str:
    tx = default_taxonomy()
    p = tx.need_profile(text)
    return tx.concept_ids[int(np.argmax(p))] if p.sum() > 0 else "-"


def test_need_paraphrases_find_their_concept() -> None:
    cases = [(c, t) for c, ts in NEEDS.items() for t in ts]
    hits = [c == _top(t) for c, t in cases]
    assert np.mean(hits) >= 0.85, [t for (c, t), h in zip(cases, hits, strict=True) if not h]


def test_talent_paraphrases_give_the_skill() -> None:
    tx = default_taxonomy()
    cases = [(c, t) for c, ts in TALENTS.items() for t in ts]
    hits = [tx.skill_profile([t])[tx.concept_ids.index(c)] >= 0.5 for c, t in cases]
    assert np.mean(hits) >= 0.8, [t for (c, t), h in zip(cases, hits, strict=True) if not h]


def test_side_dishes_and_cooking_are_the_same_help() -> None:
    tx = default_taxonomy()
    need = tx.need_profile("밑반찬 조리")
    skill = tx.skill_profile(["요리 솜씨"])
    assert float(need @ skill) >= 0.8


def test_compounds_with_and_without_spaces_match() -> None:
    assert _top("집수리") == _top("집 수리") == "repair"
    assert _top("밑반찬나눔") == "meal"


def test_short_words_hidden_in_longer_ones_do_not_match() -> None:
    # 청소 (cleaning) is not read inside 청소년 (youth).
    tx = default_taxonomy()
    assert tx.need_profile("청소년 진로 상담")[tx.concept_ids.index("cleaning")] == 0


def test_a_compound_noun_carries_the_term_it_starts_with() -> None:
    # kiwi reads 풍물놀이 and 농업기술센터 as one noun each; 풍물 and 농업 are terms too
    # short to look for inside words, but the rest of each word is nouns only.
    assert _top("풍물놀이 공연 도와주세요") == "events"
    assert _top("농업기술센터 교육장 정리") == "farm"
    # A word of its own that merely starts like a term is not split: 청소년 is not 청소+년.
    tx = default_taxonomy()
    assert tx.need_profile("청소년지도사 봉사")[tx.concept_ids.index("cleaning")] == 0


def test_a_word_kiwi_does_not_keep_is_still_read_as_written() -> None:
    # kiwi drops 네일 in "네일 아트" and 아이 (read as an interjection); both are terms.
    assert _top("네일 아트 해드려요") == "beauty"
    tx = default_taxonomy()
    assert tx.need_profile("아이 하원 도와주세요")[tx.concept_ids.index("childcare")] > 0


def test_embeddings_cover_words_the_taxonomy_lacks() -> None:
    tx = default_taxonomy()
    s = tx.concept_scores("잡채")  # a dish the term lists do not name
    assert tx.concept_ids[int(np.argmax(s))] == "meal"


@pytest.mark.parametrize(
    ("label", "code"),
    [("생활편의", "0100"), ("보건ㆍ의료", "0500"), ("보건·의료", "0500"), ("행정보조 > 업무지원", "0900"), ("0601", "0600"), ("모름", None),
     ("재해ㆍ재난", "1200"), ("재해ㆍ재난 > 기타", "1200"), ("안전.예방 > 어린이 안전", "1000")],
)
def test_field_spellings(label: str, code: str | None) -> None:
    assert field_code(label) == code


def test_every_older_portal_label_has_a_field() -> None:
    # The two-level labels the portal used in 2020 (shared/data, service_categories_2020_observed.csv).
    older = ["공익.인권 > 기타", "국제협력.해외봉사 > 국제행사단체지원", "농어촌 봉사 > 일손지원", "멘토링 > 학습",
             "문화행사 > 행사보조", "보건의료 > 헌혈", "생활편의지원 > 식사.반찬지원", "안전.예방 > 지역안전",
             "자원봉사교육 > 자원봉사전문교육", "재해ㆍ재난 > 기타", "주거환경 > 마을공동체활동", "행정보조 > 업무지원",
             "환경보호 > 환경정화", "기타 > 기타", "교육 > 방과후 교육"]
    assert [lab for lab in older if field_code(lab) is None] == []


def test_the_field_a_requester_chose_settles_an_ambiguous_need() -> None:
    tax = default_taxonomy()

    def profile(field: str | None) -> dict[str, float]:
        need = Need(id="n1", requester_kind="individual", title="골목 벽화 그리기", location=GeoPoint(35.15, 126.9),
                    slots=(), field=field)
        p = NeedTable([need], tax).profile[0]
        return {tax.concept_ids[i]: float(p[i]) for i in np.flatnonzero(p)}

    plain, house, culture = profile(None), profile("주거환경"), profile("문화ㆍ체육ㆍ예술ㆍ관광")
    # A mural is both a house's walls and an art work; the chosen field leans the reading
    # without erasing the other, and a field with no reading in the text changes nothing.
    assert {"repair", "events"} <= plain.keys()
    assert plain["events"] > plain["repair"]
    assert house["repair"] > house["events"] > 0
    assert culture.get("repair", 0.0) < plain["repair"]
    assert profile("재난ㆍ재해") == pytest.approx(plain)


def test_a_weak_cue_defers_to_a_whole_term_of_another_concept() -> None:
    tax = default_taxonomy()
    ids = tax.concept_ids
    # 돌봄 alone is childcare's (or a disabled person's) word; beside 유기견 the care is
    # for the dogs.
    alone = tax.need_profile("돌봄")
    assert ids[int(np.argmax(alone))] == "childcare"
    dogs = tax.need_profile("유기견 돌봄")
    assert ids[int(np.argmax(dogs))] == "animal"
    assert dogs[ids.index("animal")] > 0.8
    assert 0 < dogs[ids.index("childcare")] < 0.1
    # A requester who chose the field backs its weak cues: they count in full again.
    backed = tax.need_profile("유기견 돌봄", backed=np.array([c == "childcare" for c in ids]))
    assert backed[ids.index("childcare")] > 2 * dogs[ids.index("childcare")]


def test_a_verb_form_is_not_read_as_a_noun_term() -> None:
    tax = default_taxonomy()
    # 쓸 수 있어요 (can use) is not sweeping; 드릴 수 있어요 (can give) is not a drill.
    assert not tax.concept_scores("주말에 차 쓸 수 있어요")[tax.concept_ids.index("cleaning")]
    assert not tax.concept_scores("도와 드릴 수 있어요")[tax.concept_ids.index("repair")]
    assert tax.concept_scores("마당 쓸어요")[tax.concept_ids.index("cleaning")] > 0
    assert tax.concept_scores("전동드릴 사용 가능")[tax.concept_ids.index("repair")] > 0


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        # 한글 among office software is the HWP word processor: office work.
        ("한글, 엑셀 다룰 줄 알아요", "admin"),
        ("엑셀 한글 능숙", "admin"),
        ("워드 한글 파워포인트 가능", "admin"),
        ("한글파일 작성 도와주세요", "admin"),
        # Taught, office software is computer education.
        ("엑셀, 한글 파워포인트 교육", "digital"),
        ("어르신 대상 한글 엑셀 강의", "digital"),
        ("한글, 엑셀 알려 드려요", "digital"),
        # Alone, or with reading and teaching, it is the alphabet: literacy classes.
        ("한글 가르쳐 드려요", "tutoring"),
        ("어르신 한글 교실 보조", "tutoring"),
        ("한글 떼기 도와주세요", "tutoring"),
        # 산책 is walking a dog when a dog is named, company for a person cared for when they are.
        ("요양원 어르신 산책 같이 해 주세요", "companion"),
        ("홀몸 어르신 반려견 대신 산책시켜 주실 분", "animal"),
        ("유기견 보호소 산책 봉사", "animal"),
        # Weeding is farm work in a field or on its own, environment work on public ground.
        ("산책로 풀 뽑기", "environment"),
        ("공원 잡초 제거 봉사", "environment"),
        ("하천변 제초 작업", "environment"),
        ("고추밭 풀 뽑기 일손", "farm"),
        ("풀 뽑기 도와주세요", "farm"),
        # A book read aloud is childcare for infants and company for an older or ill person.
        ("영유아 책 읽어주기", "childcare"),
        ("요양병원 어르신께 책 읽어드리기", "companion"),
        ("도서관 책 정리", "library"),
        # Counsel about work is mentoring; otherwise it is listening company.
        ("소상공인 폐업 후 재기 상담", "mentoring"),
        ("취업 고민 상담해 주실 분", "mentoring"),
        ("홀몸 어르신 고민 상담", "companion"),
        ("취업 컨설턴트", "mentoring"),
        ("세무 컨설팅", "admin"),
        # A portrait session with make-up named is hair and make-up.
        ("어르신 장수사진 촬영 전 화장해 주실 분", "beauty"),
        ("행사 사진 촬영", "events"),
        ("유기묘 입양 홍보 사진 찍기", "animal"),
        ("카톡으로 사진 보내는 법 알려주세요", "digital"),
        # A bath for an animal is animal care, for an infant childcare.
        ("유기견 목욕 봉사", "animal"),
        ("보육원 영유아 목욕 보조", "childcare"),
        # Reception at a clinic is health volunteering, papers online digital help.
        ("무료 진료소 접수 보조", "health"),
        ("복지기관 공문 접수", "admin"),
        ("온라인 민원 발급 도와드리기", "digital"),
        ("외국인 주민 민원 통역", "interpret"),
        # Massage by body part (hands and faces beauty, feet health) and baby massage.
        ("어르신 손 마사지", "beauty"),
        ("발 마사지 해드릴 분", "health"),
        ("베이비마사지 자격", "childcare"),
        # A move with a load or a vehicle is transport; the cleaning after it, cleaning.
        ("이사 도와주세요, 짐이 적은데 차가 없어요", "delivery"),
        ("이사 청소 도와주세요", "cleaning"),
        # A feeding station for cats is animal care.
        ("캣맘 급식소 관리", "animal"),
        ("경로당 무료 급식소 배식", "meal"),
        # Food and goods with a delivering verb are what is delivered.
        ("김장김치 각 가정에 전달해요", "delivery"),
        ("연탄 배달 봉사", "delivery"),
        ("독거노인 밑반찬 만들기", "meal"),
        ("연탄 나눔", "sharing"),
        ("기부 물품 차로 옮기기", "delivery"),
        ("기부 물품 정리", "sharing"),
        # Play and vaccination for animals are animal care.
        ("유기묘 사회화 놀이 봉사", "animal"),
        ("반려동물 예방접종 지원", "animal"),
        ("보건소 예방접종 안내", "health"),
        # A farm machine driven is farm work; a car driven, rides.
        ("트랙터 운전 가능", "farm"),
        ("차량 운전 가능", "delivery"),
        # Rice carried to doors is a delivery; harvested, farm work.
        ("엘리베이터 없는 5층 쌀 올려주기", "delivery"),
        ("쌀 수확 일손", "farm"),
        # Milk fed to a kitten is animal care, to a baby childcare.
        ("아깽이 분유 수유", "animal"),
        ("아기 분유 먹이기", "childcare"),
        # 들어주 with a load is carrying; with a story, listening.
        ("시장에서 무거운 거 들어줄 사람", "delivery"),
        ("어르신 이야기 들어주기", "companion"),
        # Food for a cat named only in a word kiwi splits (길냥이: 길 + 냥이) is animal care;
        # an older person's meal stays a meal.
        ("길냥이 밥 주기", "animal"),
        ("독거 어르신 밥 챙겨드리기", "meal"),
        # Diapers changed for a patient are care; for a baby, childcare; 교체 alone a repair.
        ("요양병원 기저귀 교체 보조", "health"),
        ("아기 기저귀 교체", "childcare"),
        ("형광등 교체", "repair"),
        # Tidying after a move is cleaning; the move's load carried is transport.
        ("이사 후 짐 정리 도움", "cleaning"),
        ("이사 짐 나르기", "delivery"),
        # A ride to a clinic is transport; the clinic's own work stays health care.
        ("할머니 정기검진 날 대학병원까지 태워다 주실 분 있을까요", "delivery"),
        ("병원까지 데려다 주실 분", "delivery"),
        ("병원까지 모셔다드리는 거 해봤어요", "delivery"),
        ("병원 봉사자를 모십니다", "health"),
    ],
)
def test_a_word_is_read_in_the_sense_the_words_around_it_select(text: str, concept: str) -> None:
    tx = default_taxonomy()
    for profile in (tx.need_profile(text), tx.skill_profile([text])):
        assert tx.concept_ids[int(np.argmax(profile))] == concept
    if concept == "admin":
        # The other sense is gone entirely, not merely outweighed (taught, the teaching
        # words still count for tutoring on their own).
        assert tx.skill_profile([text])[tx.concept_ids.index("tutoring")] == 0


def test_a_verb_inside_a_longer_word_counts_only_where_the_analyser_reads_it() -> None:
    tx = default_taxonomy()
    companion = tx.concept_ids.index("companion")
    # 들어주 (listening) is spelled inside 만들어주 (making for someone).
    for text in ("우리 단체 홈페이지 만들어주세요", "로고 만들어주실 분", "겨울 숨숨집 만들어주세요"):
        assert tx.need_profile(text)[companion] == 0, text
    assert tx.concept_ids[int(np.argmax(tx.need_profile("어르신 이야기 들어주기")))] == "companion"
    # A verb phrase that is the word's own verb is still found inside it.
    assert tx.need_profile("어르신댁반찬갖다드리기")[tx.concept_ids.index("delivery")] > 0


def test_a_place_named_lightly_does_not_outweigh_the_help_asked_for_there() -> None:
    tx = default_taxonomy()
    # 요양병원 (a care hospital) is a place where help of every kind is given; its parts
    # 요양 and 병원 weigh no more than it does.
    for text, concept in (("요양병원 이발 봉사", "beauty"), ("요양병원 어르신께 손편지 쓰기", "companion"),
                          ("요양병원 봉사", "health")):
        assert tx.concept_ids[int(np.argmax(tx.need_profile(text)))] == concept, text
    # A compound split between concepts leaves its parts their weight: 응급 in 응급처치
    # still says which of health and disaster is meant.
    read = tx.need_profile("어린이집 교사 대상 응급처치 교육")
    assert read[tx.concept_ids.index("disaster")] > 0.3


def test_a_term_spelled_inside_a_word_follows_the_longer_term_it_is_part_of() -> None:
    tx = default_taxonomy()
    # kiwi keeps 직업상담사 whole; 상담사 (a listener) inside it is not a second reading.
    for text in ("직업상담사 2급", "직업상담사 자격증"):
        p = tx.skill_profile([text])
        assert tx.concept_ids[int(np.argmax(p))] == "mentoring", text
        assert p[tx.concept_ids.index("companion")] == 0, text


def test_recruiting_with_the_word_for_inviting_is_not_a_ride() -> None:
    tx = default_taxonomy()
    # 모십니다 (we invite volunteers) is how organisations recruit; 모셔다 드리기 is a ride.
    delivery = tx.concept_ids.index("delivery")
    for text in ("벽화 봉사자 모심", "도서관 봉사자를 모십니다"):
        assert tx.need_profile(text)[delivery] == 0, text
    assert tx.concept_ids[int(np.argmax(tx.need_profile("어르신 병원 모셔다 드리기")))] == "delivery"


def test_someone_living_alone_is_read_as_wanting_company() -> None:
    tx = default_taxonomy()
    for text in ("홀로 계신 어머니 가끔 찾아봐 주세요", "명절에 혼자 계신 어르신 방문"):
        assert tx.concept_ids[int(np.argmax(tx.need_profile(text)))] == "companion", text
    assert not tx.need_profile("혼자 할 수 있어요").any()


def test_cpr_is_disaster_preparedness_and_nursing_the_sick_health_care() -> None:
    tx = default_taxonomy()
    # Every phrasing set files CPR under disaster preparedness (재난ㆍ안전 교육), none under health.
    for text, concept in (("심폐소생술 가능", "disaster"), ("주민 심폐소생술 교육 강사", "disaster"),
                          ("어르신 병간호 오래 했어요", "health")):
        assert tx.concept_ids[int(np.argmax(tx.skill_profile([text])))] == concept, text


def test_a_guide_to_nature_is_environment_work_and_a_guide_to_culture_an_event() -> None:
    tx = default_taxonomy()
    for text, concept in (("생태 해설사 과정 이수", "environment"), ("숲 해설사 활동", "environment"),
                          ("문화관광 해설사", "events")):
        assert tx.concept_ids[int(np.argmax(tx.skill_profile([text])))] == concept, text


def test_every_sense_names_a_concept_and_a_word_the_taxonomy_knows() -> None:
    from itda_match import taxonomy_data as data

    tx = default_taxonomy()
    for word, senses in data.SENSES.items():
        assert word in tx.vocabulary
        for concept, groups in senses:
            assert concept in data.CONCEPTS
            assert groups
            assert all(groups)


def test_a_term_listed_twice_for_a_concept_counts_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from itda_match import taxonomy_data as data
    from itda_match.taxonomy import Taxonomy

    text = "집 수리 봉사"
    once = Taxonomy(use_embeddings=False).concept_scores(text)
    monkeypatch.setitem(data.SELF_DESCRIPTIONS, "repair", [*data.SELF_DESCRIPTIONS["repair"], "집수리", "집 수리"])
    assert Taxonomy(use_embeddings=False).concept_scores(text) == pytest.approx(once)


def test_no_concept_lists_the_same_term_twice() -> None:
    from itda_match import taxonomy_data as data

    for c, spec in data.CONCEPTS.items():
        surfaces = [e.partition("|")[0].replace(" ", "").lower() for e in [*spec["terms"], *data.SELF_DESCRIPTIONS.get(c, [])]]
        assert len(surfaces) == len(set(surfaces)), (c, sorted({s for s in surfaces if surfaces.count(s) > 1}))


def test_a_statement_about_oneself_leaves_out_what_it_denies() -> None:
    tax = default_taxonomy()
    ids = tax.concept_ids

    def top(p: np.ndarray) -> str | None:
        return ids[int(np.argmax(p))] if p.any() else None

    assert top(tax.statement_strength("요리는 잘 못해요")) is None
    assert top(tax.statement_strength("컴퓨터 경험 없음")) is None
    both = tax.statement_strength("운전은 못하지만 반찬 만들기는 자신 있어요")
    assert top(both) == "meal"
    assert not both[ids.index("delivery")]
    assert top(tax.statement_strength("요리 가능, 운전 불가")) == "meal"
    assert top(tax.statement_strength("운전은 혼자 못해요")) is None
    assert tax.skill_profile(["집수리"], "집수리 경험 있음 / 차량 없음")[ids.index("delivery")] == 0
    # A request is read whole: what it lacks is often what it asks for.
    assert tax.need_profile("병원 가는 차편이 없어요")[ids.index("delivery")] > 0


def test_filler_words_of_a_post_do_not_take_over_its_reading() -> None:
    tax = default_taxonomy()
    ids = tax.concept_ids
    for text, concept in [
        ("[긴급] 밑반찬 만들기 도와주실 분 찾습니다", "meal"),
        ("우리 동네 골목 청소 함께해요! 초보도 가능", "cleaning"),
    ]:
        p = tax.need_profile(text)
        assert ids[int(np.argmax(p))] == concept, text
        assert p[ids.index(concept)] > 0.5, text
    mum = tax.skill_profile([], "아이 둘 엄마예요. 집수리 잘해요")
    assert ids[int(np.argmax(mum))] == "repair"


def test_a_post_s_title_outweighs_the_setting_its_description_names() -> None:
    tax = default_taxonomy()
    ids = tax.concept_ids
    title = "밑반찬 만들기"
    description = "농장에서 밑반찬 만들기 도와주실 분 찾아요. 새참 드립니다"
    whole = tax.need_profile(f"{title} {description}")
    read = tax.need_profile(title, context=description)
    assert read[ids.index("meal")] > whole[ids.index("meal")]
    assert ids[int(np.argmax(read))] == "meal"
    # A vague title leaves the reading to the description.
    vague = tax.need_profile("도와주세요", context="어르신 댁 형광등 교체 부탁드립니다")
    assert ids[int(np.argmax(vague))] == "repair"


def test_a_title_selects_the_sense_of_a_word_its_description_repeats() -> None:
    tax = default_taxonomy()
    delivery, meal = tax.concept_ids.index("delivery"), tax.concept_ids.index("meal")
    # The title asks for kimchi to be carried (전달); the description names the kimchi
    # again without a carrying verb. It is still the kimchi to carry, not to cook.
    title = "김장김치 각 가정에 전달해 주실 분"
    description = "경로당에서 담근 김장김치를 동네 어르신 댁 20곳에 나눠 드려요. 차가 있으면 좋아요."
    assert tax.need_profile(description)[meal] > 0.5
    read = tax.need_profile(title, context=description)
    assert read[delivery] > 0.9
    assert read[meal] < 0.05
    # The description's words do not re-read the title: side dishes to make, which are
    # delivered afterwards, are still cooking first.
    cook = tax.need_profile("반찬 만들기 도와주세요", context="만든 반찬은 어르신 댁에 전달합니다")
    assert cook[meal] > cook[delivery]


def test_the_engine_reads_a_need_s_title_before_its_description() -> None:
    tax = default_taxonomy()
    need = Need(id="n1", requester_kind="organization", title="밑반찬 만들기", location=GeoPoint(35.15, 126.9),
                slots=(), description="농장에서 밑반찬 만들기 도와주실 분 찾아요. 새참 드립니다")
    p = NeedTable([need], tax).profile[0]
    expected = tax.need_profile(need.title, context=need.description)
    assert p == pytest.approx(np.where(expected >= 0.05, expected, 0.0), abs=1e-6)
    assert p[tax.concept_ids.index("meal")] > tax.need_profile(need.text)[tax.concept_ids.index("meal")]


def test_a_need_s_field_is_that_of_the_help_it_asks_for() -> None:
    tax = default_taxonomy()
    # Company for a mother with dementia is 상담ㆍ멘토링 (말벗), whatever the portal's
    # organisations would file it under; a text naming no known help has no field.
    assert tax.need_field("치매 어머니 낮에 말벗 해주실 분",
                          context="어머니가 치매 초기셔서 낮에 혼자 계세요. 이야기 나누고 산책 같이 해주실 분 찾아요.") == "0300"
    assert tax.need_field("사과 따기 일손이 필요해요") == "0600"
    assert tax.need_field("도와주세요", context="그냥 좀 와 주세요") is None


_TX = default_taxonomy()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_TX._long_surfaces), st.sampled_from(list("가나다봉사청소년ABc 1"))), max_size=6))
def test_the_terms_inside_a_word_are_those_a_scan_finds(pieces: list[str]) -> None:
    # _substrings looks up the word's own substrings; every long surface it holds, in the
    # surfaces' order, is what testing each surface against the word finds.
    word = "".join(pieces)
    scan = tuple(s for s in _TX._long_surfaces if s in word.lower()) if len(word) >= 3 else ()
    verbs_ok = all(s not in _TX._verb_of for s in scan)
    got = _TX._substrings.__wrapped__(_TX, word)
    if verbs_ok:
        assert got == scan
    else:
        assert set(got) <= set(scan)
