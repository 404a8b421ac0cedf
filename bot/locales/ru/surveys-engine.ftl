# Опросы: проверка шаблонов, ошибки ответов и вид ответов на экране проверки.

## Ошибки шаблона: одна строка на каждую найденную ошибку.

survey-template-errors = В шаблоне «{ $file }» { $count ->
    [one] { $count } ошибка
    [few] { $count } ошибки
   *[many] { $count } ошибок
}. Исправьте и загрузите файл ещё раз.
survey-template-errors-more = …и ещё { $count ->
    [one] { $count } ошибка
    [few] { $count } ошибки
   *[many] { $count } ошибок
}.
survey-template-error = «{ $file }», вопрос { $question }: { $problem }
survey-template-error-file = «{ $file }»: { $problem }
survey-template-error-section = «{ $file }», раздел { $section }: { $problem }

survey-template-problem-file-too-large = файл слишком большой: { $length } символов при пределе { $limit }.
survey-template-problem-yaml = { $line ->
    [0] файл не читается как YAML. Проверьте отступы, двоеточия и кавычки.
   *[other] файл не читается как YAML: ошибка в строке { $line }, столбце { $column }. Проверьте отступы, двоеточия и кавычки.
}
survey-template-problem-repeated-key = ключ «{ $key }» повторяется в строке { $line }: в одном месте каждый ключ пишут один раз.
survey-template-problem-not-a-template = это не шаблон опроса: в начале файла должны быть ключи key, title, anonymous и список questions или sections.
survey-template-problem-unknown-key = неизвестный ключ «{ $key }». Можно: { $allowed }.
survey-template-problem-missing-key = не хватает ключа «{ $key }».
survey-template-problem-wrong-type = у ключа «{ $key }» должен быть { $expected ->
    [text] текст
    [bool] ответ true или false
    [number] число
    [integer] целое число
    [list] непустой список
   *[mapping] набор ключей (key: значение)
}.
survey-template-problem-empty = ключ «{ $key }» пустой — напишите текст.
survey-template-problem-too-long = текст «{ $key }» слишком длинный: { $length } { $length ->
    [one] символ
    [few] символа
   *[many] символов
}, а можно не больше { $limit } { $limit ->
    [one] символа
   *[other] символов
}.
survey-template-problem-bad-id = «{ $value }» не годится для «{ $key }»: нужны строчные латинские буквы, цифры и знак «_» (в key ещё «-»), в начале id вопроса — буква, не больше { $limit } { $limit ->
    [one] символа
   *[other] символов
}.
survey-template-problem-bad-value = «{ $value }» не годится для «{ $key }». Можно: { $allowed }.
survey-template-problem-sections-and-questions = нужно что-то одно: либо sections (вопросы по разделам), либо questions (без разделов).
survey-template-problem-no-questions = в шаблоне нет вопросов: добавьте список questions или sections.
survey-template-problem-too-many-questions = слишком много вопросов: можно не больше { $limit }.
survey-template-problem-duplicate-id = такой id «{ $id }» уже есть у другого вопроса: id должны быть разными.
survey-template-problem-key-not-for-type = у вопроса типа { $type } не бывает ключа «{ $key }».
survey-template-problem-scale-range = шкала всегда от { $min } до { $max }: уберите min и max.
survey-template-problem-scale-labels = у шкалы подписывают оба конца или ни одного: нужны и low_label, и high_label.
survey-template-problem-measure-without-area = measure указывают вместе с area — областью компетенций.
survey-template-problem-min-max = min ({ NUMBER($min, useGrouping: 0, maximumFractionDigits: 6) }) больше max ({ NUMBER($max, useGrouping: 0, maximumFractionDigits: 6) }).
survey-template-problem-max-choices = max_choices = { $value }, а вариантов { $count }: должно быть от 1 до { $count }.
survey-template-problem-options-missing = у вопроса с выбором нужны варианты: список options хотя бы из двух пунктов вида {"{"}id: a, text: Текст{"}"}.
survey-template-problem-too-many-options = слишком много вариантов: { $count }, можно не больше { $limit }.
survey-template-problem-duplicate-option = вариант «{ $option }» повторяется: id вариантов должны быть разными.
survey-template-problem-show-if-shape = условие show_if записано неверно. Пишите так: {"{"}question: q3, equals: yes{"}"}, {"{"}question: q3, one_of: [a, b]{"}"}, {"{"}all: [...]{"}"} или {"{"}any: [...]{"}"}.
survey-template-problem-show-if-depth = в show_if слишком много вложенных групп all/any: можно не больше { $limit }.
survey-template-problem-show-if-group = в группе all/any условия show_if должно быть от 1 до { $limit } условий.
survey-template-problem-show-if-self = условие show_if ссылается на сам вопрос — так вопрос никогда не покажется. Ссылайтесь на вопрос раньше этого.
survey-template-problem-show-if-unknown = условие show_if ссылается на вопрос «{ $target }», а такого нет.
survey-template-problem-show-if-cycle = условия show_if замыкаются в круг: { $path }. Такие вопросы никогда не покажутся. Условие может зависеть только от вопросов выше.
survey-template-problem-show-if-later = условие show_if ссылается на вопрос «{ $target }», который идёт позже. Условие может зависеть только от вопросов выше.
survey-template-problem-show-if-type = условие show_if ссылается на вопрос «{ $target }» типа { $type }; условия бывают только на вопросы типов single, multi, yesno, scale и number.
survey-template-problem-show-if-value = в условии show_if значения «{ $value }» нет среди ответов вопроса «{ $target }». Можно: { $allowed }.

## Ошибки ответа.

survey-error-empty = Ответ пустой. Напишите ответ сообщением.
survey-error-too-long = Слишком длинный ответ: { $length } { $length ->
    [one] символ
    [few] символа
   *[many] символов
}, а можно не больше { $limit } { $limit ->
    [one] символа
   *[other] символов
}. Сократите, пожалуйста.
survey-error-not-a-number = Здесь нужно число, например 12 или 12,5.
survey-error-out-of-range = { $bounds ->
    [min] Число должно быть не меньше { NUMBER($min, useGrouping: 0, maximumFractionDigits: 6) }.
    [max] Число должно быть не больше { NUMBER($max, useGrouping: 0, maximumFractionDigits: 6) }.
   *[both] Число должно быть от { NUMBER($min, useGrouping: 0, maximumFractionDigits: 6) } до { NUMBER($max, useGrouping: 0, maximumFractionDigits: 6) }.
}
survey-error-not-a-date = Не понял дату. Напишите, например: { $example_full }, { $example_short } или «сегодня».
survey-error-use-buttons = На этот вопрос отвечают кнопками под ним.
survey-error-type-answer = Ответ на этот вопрос напишите сообщением.
survey-error-no-such-option = Такого варианта ответа нет. Выберите кнопкой под вопросом.
survey-error-too-many-choices = Можно выбрать не больше { $limit } { $limit ->
    [one] варианта
   *[other] вариантов
}. Снимите один из отмеченных, чтобы выбрать другой.

## Ответы на экране проверки.

survey-answer-none = — нет ответа
survey-answer-yes = Да
survey-answer-no = Нет
survey-answer-other = { $option }: { $text }
survey-answer-scale = { $value } из { $max }
survey-answer-scale-labelled = { $value } из { $max } ({ $label })
survey-answer-number = { NUMBER($value, useGrouping: 0, maximumFractionDigits: 6) }
