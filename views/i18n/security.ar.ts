// Strings of the hub's own refusals: malformed input, and the database being unreachable.
export const securityAr = {
  security: {
    badInputTitle: "طلب غير صالح",
    badInputBody: "يحتوي الطلب على أحرف غير مسموح بها أو نص أطول من المسموح. راجع ما أدخلته وحاول مرة أخرى.",
    tooLargeTitle: "الطلب أكبر من المسموح",
    tooLargeBody: "حجم ما أرسلته أكبر من المسموح به. قلّل النص أو المرفقات وحاول مرة أخرى.",
    unavailableTitle: "الخدمة غير متاحة مؤقتًا",
    unavailableBody: "لا نستطيع الوصول إلى قاعدة البيانات الآن. لم يُفقد شيء مما حفظته. حاول مرة أخرى بعد قليل.",
  },
};
