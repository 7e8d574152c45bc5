from wts.lib.thai_sort import thai_sort_key, thai_sorted

# The department's status report lists the 76 provinces in this order (OCR errors of the
# letter corrected: 35 พัทลุง, 48 ระนอง, 51 ลพบุรี, 74 อุตรดิตถ์).
LETTER_ORDER = """กระบี่ กาญจนบุรี กาฬสินธุ์ กำแพงเพชร ขอนแก่น จันทบุรี ฉะเชิงเทรา ชลบุรี ชัยนาท ชัยภูมิ ชุมพร เชียงราย
เชียงใหม่ ตรัง ตราด ตาก นครนายก นครปฐม นครพนม นครราชสีมา นครศรีธรรมราช นครสวรรค์ นนทบุรี นราธิวาส น่าน บึงกาฬ
บุรีรัมย์ ปทุมธานี ประจวบคีรีขันธ์ ปราจีนบุรี ปัตตานี พระนครศรีอยุธยา พะเยา พังงา พัทลุง พิจิตร พิษณุโลก เพชรบุรี
เพชรบูรณ์ แพร่ ภูเก็ต มหาสารคาม มุกดาหาร แม่ฮ่องสอน ยโสธร ยะลา ร้อยเอ็ด ระนอง ระยอง ราชบุรี ลพบุรี ลำปาง ลำพูน
เลย ศรีสะเกษ สกลนคร สงขลา สตูล สมุทรปราการ สมุทรสงคราม สมุทรสาคร สระแก้ว สระบุรี สิงห์บุรี สุโขทัย สุพรรณบุรี
สุราษฎร์ธานี สุรินทร์ หนองคาย หนองบัวลำภู อ่างทอง อำนาจเจริญ อุดรธานี อุตรดิตถ์ อุทัยธานี อุบลราชธานี""".split()


def test_the_letters_76_provinces_sort_in_the_letters_order():
    assert len(LETTER_ORDER) == 76
    shuffled = sorted(LETTER_ORDER, key=lambda name: name[::-1])
    assert thai_sorted(shuffled) == LETTER_ORDER


def test_a_leading_vowel_sorts_after_its_consonant():
    # เชียงราย is ช + เ..., so it follows ชุมพร (ช + ุ) although เ comes first in code points
    assert thai_sorted(["เชียงราย", "ชุมพร", "ชัยนาท"]) == ["ชัยนาท", "ชุมพร", "เชียงราย"]


def test_a_leading_vowel_inside_the_word_also_moves():
    # ยโสธร reads ย-ส-โ...: a consonant sorts before the vowel ะ of ยะลา
    assert thai_sorted(["ยะลา", "ยโสธร"]) == ["ยโสธร", "ยะลา"]


def test_tone_marks_only_break_ties():
    assert thai_sort_key("น่าน")[0] == "นาน"
    assert thai_sorted(["อำนาจเจริญ", "อ่างทอง"]) == ["อ่างทอง", "อำนาจเจริญ"]
    assert thai_sorted(["ก้า", "กา"]) == ["กา", "ก้า"]
