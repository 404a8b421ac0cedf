## Прохождение опроса в чате.

survey-answer-anonymous = 🔒 Опрос анонимный: ответы хранятся отдельно от имени, в отчётах их не связать с вами.
survey-answer-named = Опрос именной: ответы видят методисты.
survey-answer-consent = <b>Согласие</b>
    { $text }
survey-answer-button-start = ▶️ Начать
survey-answer-button-agree = ✅ Согласен
survey-answer-button-decline = ❌ Не согласен
survey-answer-counter = Вопрос { $n } из { $total }
survey-answer-current = Ваш ответ: { $answer }
survey-answer-hint-text = Напишите ответ сообщением.
survey-answer-hint-number = Напишите число сообщением.
survey-answer-hint-number-range = Напишите число от { NUMBER($min, useGrouping: 0, maximumFractionDigits: 6) } до { NUMBER($max, useGrouping: 0, maximumFractionDigits: 6) } сообщением.
survey-answer-hint-date = Напишите дату сообщением, например 25.10.2026.
survey-answer-hint-scale = 1 — { $low }, 5 — { $high }.
survey-answer-hint-multi = Отметьте все подходящие варианты и нажмите «Готово».
survey-answer-hint-multi-max = Отметьте до { $limit } { $limit ->
    [one] варианта
    [few] вариантов
   *[many] вариантов
} и нажмите «Готово».
survey-answer-hint-other = Напишите свой вариант сообщением.
survey-answer-button-done = Готово
survey-answer-button-back = ◀️ Назад
survey-answer-button-skip = Пропустить
survey-answer-button-later = ⏸ Продолжить позже
survey-answer-button-edit = ✏️ Изменить { $n }: { $text }
survey-answer-button-send = 📨 Отправить
survey-answer-button-resume = ▶️ Продолжить
survey-answer-button-reconsider = 📝 Пройти опрос
survey-answer-button-route = 📄 Мой маршрут (DOCX)
survey-answer-review = Проверьте ответы перед отправкой:
survey-answer-review-hint = Всё верно? Нажмите «Отправить». Чтобы поправить ответ, нажмите «Изменить» с его номером.
survey-answer-later = Ответы по опросу «{ $title }» сохранены. Продолжить можно кнопкой ниже или кнопкой «📝 Пройти опрос» в приглашении.
survey-answer-declined = Вы не дали согласие, поэтому опрос «{ $title }» не начат и ваши ответы не сохраняются.
    Если передумаете, нажмите «📝 Пройти опрос» ниже или в приглашении, пока опрос открыт.
survey-answer-thanks = Спасибо! Ответы отправлены.
    Опрос «{ $title }» пройден.
survey-answer-profile = <b>Ваш профиль</b>: больше всего трудностей — { $difficult }; сильные стороны — { $strong }.
survey-answer-profile-none = не выявлено
survey-answer-events = Ближайшие мероприятия, которые подходят вам по результатам диагностики:

## Индивидуальный образовательный маршрут (DOCX).

survey-route-title = Индивидуальный образовательный маршрут
survey-route-difficult = Области затруднений
survey-route-strong = Сильные стороны
survey-route-events = Рекомендуемые мероприятия
survey-route-event = { $when } — { $title }
survey-route-none = не выявлено
survey-route-no-events = Подходящих мероприятий пока нет: они появятся в календаре.
survey-route-mentor = Наставник
survey-route-no-mentor = не назначен
survey-route-file = маршрут.docx
survey-route-file-of = маршрут — { $name }.docx
survey-route-caption = Ваш индивидуальный образовательный маршрут.

## Отказы.

survey-error-not-open-yet = Опрос «{ $title }» ещё не начался: он откроется { $opens }.
survey-error-closed = Опрос «{ $title }» уже закрыт ({ $closed }): ответы больше не принимаются.
survey-error-already-answered = Вы уже ответили на опрос «{ $title }». Ответить дважды нельзя.
survey-error-stale = Эта кнопка относится к другому вопросу или опросу. Ответьте на вопрос последнего сообщения опроса.
survey-error-missing = Не хватает { $count ->
    [one] ответа на обязательный вопрос
    [few] ответов на обязательные вопросы
   *[many] ответов на обязательные вопросы
}: { $questions }. Нажмите «Изменить» и ответьте.
survey-error-other-text = Вы выбрали «Другое» — напишите свой вариант сообщением.
survey-error-choose-something = Выберите хотя бы один вариант.
survey-error-required = Это обязательный вопрос, его нельзя пропустить.
survey-error-text-expected = Здесь нужен ответ текстом (или кнопкой под вопросом). Фото, стикеры и файлы в опросе не принимаются.
survey-error-consent-first = Сначала ответьте на согласие под описанием опроса «{ $title }»: «✅ Согласен» или «❌ Не согласен». Без согласия ответы не принимаются.
survey-error-no-route = Маршрута нет: он составляется по именной диагностике, которую человек прошёл сам. Анонимные опросы к человеку не ведут.
survey-error-no-profile = Профиль появится после того, как вы пройдёте именную диагностику.
