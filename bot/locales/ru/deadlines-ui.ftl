## Deadlines: /deadlines — what a person owes and hands in, what the staff follow

command-deadlines = Сроки сдачи

## A person's list and card

deadline-ui-mine-title = 📋 Ваши сроки ({ $count })
deadline-ui-mine-empty = Сейчас у вас нет открытых сроков сдачи.
deadline-ui-mine-hint = Нажмите на срок, чтобы открыть его и сдать.
deadline-ui-item = { $mark } <b>{ $title }</b> — { $when }
deadline-ui-item-unit = За кого: { $unit }
deadline-ui-left = { $days ->
    [one] остался { $days } день
    [few] осталось { $days } дня
   *[many] осталось { $days } дней
}
deadline-ui-today = сегодня, до { $time }
deadline-ui-overdue = просрочено на { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
}
deadline-ui-status-open = Ещё не сдано.
deadline-ui-status-submitted = Сдано ✅ { $at }
deadline-ui-status-returned = Возвращено на доработку ↩️ Комментарий: { $comment }
deadline-ui-card-own = { $mark } Вы — { $when }
deadline-ui-card-unit = { $mark } { $unit } — { $when }
deadline-ui-button-submit = 📤 Сдать
deadline-ui-button-replace = 🔁 Заменить сданное
deadline-ui-button-mine = 📋 Мои сроки
deadline-ui-button-followed = 📊 Сроки, за которыми я слежу
deadline-ui-button-card = Открыть срок

## Handing in

deadline-ui-hand-ask =
    📤 <b>{ $title }</b> — за: { $unit }

    Пришлите файлы (документы или фото, можно несколько, каждый не больше { $limit } МБ) и, если нужно, комментарий текстом. Когда всё — нажмите «Отправить».
deadline-ui-hand-replace =
    🔁 <b>{ $title }</b> — за: { $unit }

    Вы заменяете сданное: прежняя версия сохранится. Пришлите файлы (документы или фото, можно несколько, каждый не больше { $limit } МБ) и, если нужно, комментарий текстом. Когда всё — нажмите «Отправить».
deadline-ui-hand-file = 📎 Принят файл «{ $name }» ({ $size }). Всего файлов: { $count }. Можно прислать ещё или нажать «Отправить».
deadline-ui-hand-comment-kept = Подпись к файлу сохранена как комментарий.
deadline-ui-hand-comment = 💬 Комментарий сохранён. Пришлите файлы или нажмите «Отправить».
deadline-ui-hand-what = Сюда можно прислать документ, фото или комментарий текстом. Когда всё — нажмите «Отправить».
deadline-ui-hand-empty = Пока нечего отправлять: пришлите файл или напишите комментарий.
deadline-ui-hand-over = Эта сдача уже закрыта. Откройте срок и нажмите «Сдать» снова.
deadline-ui-hand-dropped = Сдача отменена, ничего не сохранено.
deadline-ui-button-send = ✅ Отправить
deadline-ui-button-drop = Отмена
deadline-ui-handed = ✅ Сдано: <b>{ $title }</b> — за: { $unit } (версия { $version }). { $files ->
    [0] Без файлов.
    [one] { $files } файл.
    [few] { $files } файла.
   *[many] { $files } файлов.
}
deadline-ui-handed-late = Сдано после срока — методист это увидит.

## The staff's list and card

deadline-ui-staff-title = 📊 Сроки, за которыми вы следите ({ $count })
deadline-ui-staff-empty = Открытых сроков, за которыми вы следите, сейчас нет.
deadline-ui-staff-hint = Нажмите на срок, чтобы открыть его карточку.
deadline-ui-staff-item =
    { $mark } <b>{ $title }</b> — срок { $due }
    сдали { $submitted } из { $total } ({ $percent }%)
deadline-ui-staff-button = { $title } — { $submitted }/{ $total }
deadline-ui-coverage = 📊 Сдали { $submitted } из { $total } ({ $percent }%)
deadline-ui-late = 🔴 Просрочили: { $count }
deadline-ui-not-yet = ⏳ Ещё не сдали: { $count }
deadline-ui-returned = ↩️ На доработке: { $count }
deadline-ui-missing-title = <b>Не сдали:</b>
deadline-ui-missing-org = <b>{ $organisation }</b>: { $names }
deadline-ui-missing-more = …и ещё { $count } — полный список в Excel.
deadline-ui-card-cancelled = ❌ Срок отменён.
deadline-ui-button-handed = 📂 Сданные работы
deadline-ui-button-nudge = 🔔 Напомнить отстающим
deadline-ui-button-excel = 📊 Excel
deadline-ui-button-zip = 🗂 Файлы (ZIP)
deadline-ui-button-cancel = ❌ Отменить срок
deadline-ui-button-list = ‹ К списку сроков
deadline-ui-button-to-card = ‹ К карточке срока
deadline-ui-button-to-handed = ‹ К сданным работам
deadline-ui-button-return = ↩️ Вернуть на доработку

## What was handed in

deadline-ui-handed-title = 📂 «{ $title }»: сдали { $count }. Нажмите, чтобы открыть работу и получить её файлы.
deadline-ui-handed-none = 📂 «{ $title }»: пока никто не сдал.
deadline-ui-handed-button = { $unit } — { $organisation } (в. { $version })
deadline-ui-sub-title = 📂 <b>{ $title }</b>
deadline-ui-sub-unit = Кто: { $unit }
deadline-ui-sub-organisation = Организация: { $organisation }
deadline-ui-sub-current = Версия { $version } от { $at }, { $files ->
    [0] без файлов
    [one] { $files } файл
    [few] { $files } файла
   *[many] { $files } файлов
}
deadline-ui-sub-comment = Комментарий: { $comment }
deadline-ui-sub-no-comment = Без комментария.
deadline-ui-sub-versions = Все версии:
deadline-ui-sub-version = • версия { $version } — { $at }, файлов: { $files }
deadline-ui-sub-file = { $unit }, версия { $version }
deadline-ui-sub-file-lost = Файл «{ $name }» получить не удалось: возможно, его удалили из Telegram.
deadline-ui-return-ask = Напишите одним сообщением, что нужно доработать ({ $unit }). Комментарий получат те, кто сдавал. Передумали — /cancel.
deadline-ui-return-text = Нужен комментарий текстом: что доработать. Передумали — /cancel.
deadline-ui-returned-done = ↩️ Работа возвращена на доработку. { $count ->
    [0] Сообщить некому: за эту единицу сейчас никто не может сдать.
    [one] Сообщили { $count } человеку.
   *[other] Сообщили { $count } людям.
}

## Nudging, exports, cancelling

deadline-ui-nudge-ask = Напомнить { $count ->
    [one] { $count } человеку
   *[other] { $count } людям
}, которые ещё не сдали?
deadline-ui-nudge-nobody = Все сдали — напоминать некому.
deadline-ui-nudge-sent = 🔔 Напоминание отправлено { $count ->
    [one] { $count } человеку
   *[other] { $count } людям
}.
deadline-ui-nudge-done-already = Это напоминание уже отправлено. Чтобы напомнить ещё раз, нажмите «Напомнить отстающим» снова.
deadline-ui-excel-caption = Таблица сдачи: одна строка на каждого, кто должен сдать.
deadline-ui-zip-wait = Собираю файлы…
deadline-ui-zip-caption = Файлы сданных работ: { $count }, по папке на организацию.
deadline-ui-zip-lost = Не удалось получить: { $names }
deadline-ui-cancel-ask = Отменить срок «{ $title }»? Напоминаний больше не будет; { $count ->
    [0] все уже сдали.
    [one] { $count } ещё не сдавший получит уведомление.
   *[other] { $count } ещё не сдавших получат уведомление.
}
deadline-ui-cancelled = ❌ Срок «{ $title }» отменён. Те, кто не сдал, получили уведомление.
deadline-error-unit-not-found = У этого срока нет такой единицы.
deadline-error-zip-empty = Файлов пока нет: никто не сдал работу с файлами.
deadline-error-zip-too-big = Файлов набралось на { $size } МБ — это больше, чем можно отправить одним архивом ({ $limit } МБ). Откройте работы по одной в «Сданных работах».
deadline-zip-no-organisation = Без организации

## The status table

deadline-xlsx-sheet = Сдача
deadline-xlsx-due = Срок: { $due }
deadline-xlsx-coverage = Сдали { $submitted } из { $total } ({ $percent }%)
deadline-xlsx-unit = Кто сдаёт
deadline-xlsx-organisation = Организация
deadline-xlsx-status = Статус
deadline-xlsx-submitted-at = Когда сдано
deadline-xlsx-versions = Версий
deadline-xlsx-comment = Комментарий
deadline-xlsx-actors = Кто может сдать
deadline-xlsx-submitted = сдано
deadline-xlsx-returned = на доработке
deadline-xlsx-late = просрочено
deadline-xlsx-not-yet = не сдано
