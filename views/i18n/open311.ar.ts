// The Open311 GeoReport v2 API's words (server/open311): what partners' apps show their
// users about a service or a request, and why a call was refused.
export const open311Ar = {
  open311: {
    // status_notes in the public list: said of a request, not to its filer.
    status: {
      triage: "لدى وحدة الشكاوى الحكومية لتحديد الجهة المختصة",
      routed: "بانتظار قرار الجهة في الاختصاص",
      in_progress: "قيد المعالجة لدى الجهة",
      awaiting_citizen: "بانتظار معلومات من مقدم الطلب",
      closed: "مغلق",
      withdrawn: "سحبه مقدمه",
    },
    serviceDescription: (agency: string, kinds: string) => `خدمة لدى ${agency}. تستقبل: ${kinds}.`,
    attribute: {
      kind: "نوع الطلب",
      city: "المدينة",
      district: "الحي أو الموقع",
      title: "عنوان مختصر للطلب",
    },
    notice: {
      routed: (agency: string) => `أُحيل الطلب إلى ${agency}، وستقرر الجهة اختصاصها به خلال مدتها المعتمدة.`,
      triage: "ستحدد وحدة الشكاوى الحكومية الجهة المختصة بالطلب.",
      unverified: "قُدّم عبر تطبيق شريك، ولم يُتحقق من هوية مقدمه.",
    },
    errors: {
      api_key: "مفتاح api_key مفقود أو غير صالح أو ملغى.",
      not_found: "لا يوجد هذا المسار في واجهة Open311.",
      service_not_found: "لا توجد خدمة بهذا الرمز.",
      request_not_found: "لا يوجد طلب بهذا الرقم.",
      jurisdiction: "هذه المنصة لا تخدم jurisdiction_id المطلوب.",
      date_invalid: "التاريخ بصيغة ISO 8601، مثل 2026-11-19T09:00:00+03:00.",
      range_too_long: "لا يتجاوز الفرق بين start_date وend_date تسعين يومًا.",
      status_invalid: "الحالة open أو closed.",
      limit_invalid: "limit رقم بين 1 و1000، وpage رقم من 1.",
      body_unreadable: "تعذرت قراءة الطلب: أرسله بصيغة application/x-www-form-urlencoded أو JSON.",
      location_required: "أرسل الموقع: lat وlong معًا، أو address_string.",
      city_required: "حدد المدينة في attribute[city] من قيم الخدمة، أو اذكرها في address_string.",
      value_not_listed: "القيمة ليست من القيم المعروضة لهذه الخاصية.",
    },
  },
};
