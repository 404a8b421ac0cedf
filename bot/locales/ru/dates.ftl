# Даты событий: ошибки разбора и вид даты на карточках.

dates-error-empty = Напишите дату. Например: { $example_date } 15:00, { dates-example-day-month } в 15:00 или завтра в 10:00.
dates-error-unparseable = Не понял дату «{ $text }». Напишите, например: { $example_date } 15:00, { dates-example-day-month } в 15:00 или завтра в 10:00.
dates-error-no-day = В «{ $text }» не хватает дня: нужны число и месяц. Напишите, например: { $example_date } 15:00, { dates-example-day-month } или в пятницу в 14:30.
dates-error-bad-date = Такого дня нет в календаре: «{ $text }». Проверьте число и месяц и напишите, например: { $example_date } 10:00 или { dates-example-day-month }.
dates-error-bad-time = Такого времени нет: «{ $text }». Часы — от 0 до 23, минуты — от 00 до 59. Напишите, например: { $example_date } 15:00 или завтра в 9:30.
dates-error-past = Это уже в прошлом: «{ $text }». Напишите будущую дату, например: завтра в 10:00 или 15.09.{ $example_year } 10:00.
dates-error-end-before-start = Конец раньше начала или совпадает с ним: «{ $text }». Напишите, например: { $example_date } 15:00-17:00 или { $example_range }.
dates-error-range-too-long = Слишком длинный срок: «{ $text }». Событие может длиться не больше { $days ->
    [one] { $days } дня
   *[other] { $days } дней
}. Напишите, например: { $example_range } или с { $example_day } по { $example_last } { dates-example-month }.
dates-error-year = Год в «{ $text }» не подходит: можно только с { $first } по { $last } год. Напишите, например: завтра в 10:00 или 15.09.{ $last }.
dates-error-no-such-time = В этот день часы переводят, и времени { $time } нет: «{ $text }». Напишите время на час позже или раньше, например: { $later } или { $earlier }.
dates-error-end-too-early = Конец должен быть позже начала, а «{ $text }» — не позже. Напишите, например: { $example_end } или 2 часа.
dates-error-end-too-far = Слишком далёкий конец: «{ $text }». Событие может длиться не больше { $days ->
    [one] { $days } дня
   *[other] { $days } дней
}. Напишите, например: { $example_end }, 3 дня или 90 минут.
dates-error-end-unclear = Не понял, когда конец: «{ $text }». Напишите время, дату или длительность, например: { $example_end }, { $example_end_date }, 2 часа или 90 минут.

# Месяцы в родительном падеже: «25 ноября».
dates-month-genitive = { $month ->
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
dates-day-month = { $day } { $month }
dates-date = { $day } { $month } { $year }
dates-date-time = { $date }, { $time }
dates-date-time-range = { $date }, { $start }–{ $end }
dates-days-same-month = { $first }–{ $last } { $month } { $year }
dates-days-same-year = { $first } – { $last } { $year }
dates-span = { $start } – { $end }

# Примеры в текстах считаются от сегодняшнего дня (примерно через неделю), чтобы их можно было
# набрать как есть: «1 декабря», «1-5.12».
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

# День, который уже был (дата заседания).
dates-error-day-empty = Напишите дату, например: вчера или { $example_past }.
dates-error-one-day = Нужен один день, а не промежуток: «{ $text }». Напишите, например: { $example_past }.
dates-error-future = Этот день ещё не наступил: «{ $text }». Напишите дату, которая уже была, например: вчера или { $example_past }.
dates-error-day-unclear = Не понял дату «{ $text }». Напишите день, когда это было, например: вчера или { $example_past }.
dates-error-day-bad = Такого дня нет в календаре: «{ $text }». Проверьте число и месяц и напишите, например: вчера или { $example_past }.
