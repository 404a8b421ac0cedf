## Deadlines by the clock: escalation to the coordinator, the morning summary, the weekly digest

digest-button-status = 📊 { $title }
digest-more = …и ещё { $count }
digest-more-deadlines = …и ещё { $count } { $count ->
    [one] срок
    [few] срока
   *[many] сроков
}

digest-escalation-heading = ⚠️ Не сдано, хотя срок прошёл больше { $days ->
    [one] { $days } дня
    [few] { $days } дней
   *[many] { $days } дней
} назад:
digest-escalation-deadline = <b>{ $title }</b> (срок { $due }) — не сдали: { $count }
digest-escalation-unit = • { $name }

digest-summary-heading = ☀️ Сроки на { $date }
digest-summary-overdue = { $days ->
    [1] 🔴 Срок прошёл вчера, сдали не все:
   *[other] 🔴 Срок прошёл с { $since } по вчера, сдали не все:
}
digest-summary-week = 🗓 Сроки этой недели:
digest-deadline-line = • { $due } — <b>{ $title }</b>: сдали { $done } из { $total } ({ $percent } %)

digest-week-heading = 🗓 Неделя { $start } – { $end }
digest-week-events = 📅 События недели:
digest-week-event = • { $when } — { $title }
digest-week-deadlines = 📌 Сроки на { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
} вперёд:
