# Event dates: parsing errors and how a date looks on cards.

dates-error-empty = Please type a date, for example: { $example_date } 15:00, { dates-example-day-month } в 15:00 or завтра в 10:00.
dates-error-unparseable = I could not read the date “{ $text }”. Type it, for example: { $example_date } 15:00, { dates-example-day-month } в 15:00 or завтра в 10:00.
dates-error-no-day = “{ $text }” lacks the day: a day and a month are needed. Type, for example: { $example_date } 15:00, { dates-example-day-month } or в пятницу в 14:30.
dates-error-bad-date = There is no such day in the calendar: “{ $text }”. Check the day and the month and type, for example: { $example_date } 10:00 or { dates-example-day-month }.
dates-error-bad-time = There is no such time: “{ $text }”. Hours go from 0 to 23, minutes from 00 to 59. Type, for example: { $example_date } 15:00 or завтра в 9:30.
dates-error-past = This is in the past: “{ $text }”. Type a future date, for example: завтра в 10:00 or 15.09.{ $example_year } 10:00.
dates-error-end-before-start = The end is before the start or equal to it: “{ $text }”. Type, for example: { $example_date } 15:00-17:00 or { $example_range }.
dates-error-range-too-long = The period is too long: “{ $text }”. An event may last at most { $days ->
    [one] { $days } day
   *[other] { $days } days
}. Type, for example: { $example_range } or с { $example_day } по { $example_last } { dates-example-month }.
dates-error-year = The year in “{ $text }” does not fit: only { $first } to { $last } are allowed. Type, for example: завтра в 10:00 or 15.09.{ $last }.
dates-error-no-such-time = The clocks change on that day, and { $time } does not exist: “{ $text }”. Type a time an hour later or earlier, for example: { $later } or { $earlier }.
dates-error-end-too-early = The end must be after the start, and “{ $text }” is not. Type, for example: { $example_end } or 2 часа.
dates-error-end-too-far = The end is too far: “{ $text }”. An event may last at most { $days ->
    [one] { $days } day
   *[other] { $days } days
}. Type, for example: { $example_end }, 3 дня or 90 минут.
dates-error-end-unclear = I could not read the end: “{ $text }”. Type a time, a date or a duration, for example: { $example_end }, { $example_end_date }, 2 часа or 90 минут.

# Month names as they follow a day number.
dates-month-genitive = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
dates-day-month = { $day } { $month }
dates-date = { $day } { $month } { $year }
dates-date-time = { $date }, { $time }
dates-date-time-range = { $date }, { $start }–{ $end }
dates-days-same-month = { $first }–{ $last } { $month } { $year }
dates-days-same-year = { $first } – { $last } { $year }
dates-span = { $start } – { $end }

# The examples in the texts are computed from today (about a week ahead), so that each may be
# typed as it is; they are written in Russian, the way the dates are read.
dates-example-month = { $example_month ->
     [1] января
     [2] февраля
     [3] марта
     [4] апреля
     [5] мая
     [6] июня
     [7] июля
     [8] августа
     [9] сентября
     [10] октября
     [11] ноября
    *[12] декабря
}
dates-example-day-month = { $example_day } { dates-example-month }

# A day that has been (a meeting's date).
dates-error-day-empty = Type a date, for example: yesterday or { $example_past }.
dates-error-one-day = One day is needed, not a range: “{ $text }”. Type, for example: { $example_past }.
dates-error-future = That day has not come yet: “{ $text }”. Type a day that has been, for example: yesterday or { $example_past }.
dates-error-day-unclear = I did not understand the date “{ $text }”. Type the day it was, for example: yesterday or { $example_past }.
dates-error-day-bad = There is no such day in the calendar: “{ $text }”. Check the day and the month and type, for example: yesterday or { $example_past }.
