## Deadlines by the clock: escalation to the coordinator, the morning summary, the weekly digest

digest-button-status = 📊 { $title }
digest-more = …and { $count } more
digest-more-deadlines = …and { $count } more { $count ->
    [one] deadline
   *[other] deadlines
}

digest-escalation-heading = ⚠️ Not handed in, though the deadline passed more than { $days ->
    [one] { $days } day
   *[other] { $days } days
} ago:
digest-escalation-deadline = <b>{ $title }</b> (due { $due }) — not handed in: { $count }
digest-escalation-unit = • { $name }

digest-summary-heading = ☀️ Deadlines for { $date }
digest-summary-overdue = { $days ->
    [1] 🔴 Fell due yesterday, not everyone handed in:
   *[other] 🔴 Fell due from { $since } to yesterday, not everyone handed in:
}
digest-summary-week = 🗓 Due this week:
digest-deadline-line = • { $due } — <b>{ $title }</b>: { $done } of { $total } handed in ({ $percent }%)

digest-week-heading = 🗓 Week { $start } – { $end }
digest-week-events = 📅 Events of the week:
digest-week-event = • { $when } — { $title }
digest-week-deadlines = 📌 Deadlines in the next { $days } { $days ->
    [one] day
   *[other] days
}:
