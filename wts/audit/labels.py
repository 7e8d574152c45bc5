"""Thai names of audit actions for the timeline and the search. An action not listed here (added
by a newer part of the system) shows its code, so nothing recorded is ever hidden."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "value.changed": _("แก้ไขค่าปริมาณงาน"),
    "value.commented": _("แสดงความเห็นต่อค่า"),
    "report.submitted": _("ส่งข้อมูลให้จังหวัดยืนยัน"),
    "report.resubmitted": _("ส่งข้อมูลที่แก้ไขแล้วอีกครั้ง"),
    "report.confirmed": _("จังหวัดยืนยันข้อมูล"),
    "report.returned": _("จังหวัดส่งกลับให้แก้ไข"),
    "report.reopened": _("กรมเปิดให้แก้ไขอีกครั้ง"),
    "deadline.extended": _("ขยายกำหนดเวลา"),
    "round.closed": _("ปิดรอบการรายงาน"),
    "round.created": _("สร้างรอบการรายงาน"),
    "round.updated": _("แก้ไขช่วงเวลาหรือการตั้งค่าของรอบ"),
    "catalog.default_loaded": _("โหลดแบบฟอร์มมาตรฐาน"),
    "catalog.copied": _("คัดลอกแบบฟอร์ม"),
    "spreadsheet.imported": _("นำเข้าไฟล์ Excel"),
    "spreadsheet.discarded": _("ยกเลิกการนำเข้าไฟล์"),
    "reminder.sent": _("ส่งการแจ้งเตือนติดตาม"),
    "reminder.automatic": _("แจ้งเตือนอัตโนมัติก่อนครบกำหนด"),
    "announcement.posted": _("ประกาศข่าว"),
    "announcement.withdrawn": _("ถอนประกาศ"),
    "account.created": _("สร้างบัญชีผู้ใช้"),
    "account.password_reset": _("ตั้งรหัสผ่านใหม่"),
    "account.password_changed": _("เปลี่ยนรหัสผ่าน"),
    "account.deactivated": _("ระงับบัญชีผู้ใช้"),
    "account.reactivated": _("เปิดใช้บัญชีผู้ใช้"),
    "account.unlocked": _("ปลดล็อกบัญชีผู้ใช้"),
    "account.profile_updated": _("แก้ไขข้อมูลผู้ใช้"),
    "account.login": _("เข้าสู่ระบบ"),
    "account.logout": _("ออกจากระบบ"),
    "account.login_failed": _("เข้าสู่ระบบไม่สำเร็จ"),
    "account.locked_out": _("บัญชีถูกล็อก"),
    "account.slips_printed": _("พิมพ์ใบแจ้งรหัสผ่าน"),
    "account.otp_enabled": _("เปิดใช้การยืนยันตัวตนสองขั้น"),
    "account.otp_removed": _("ยกเลิกการยืนยันตัวตนสองขั้น"),
    "account.otp_verified": _("ยืนยันรหัส OTP"),
    "account.otp_failed": _("รหัส OTP ไม่ถูกต้อง"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
