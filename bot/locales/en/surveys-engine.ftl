# Surveys: checking templates, errors of answers and answers on the review screen.

## Template errors: one line per problem found.

survey-template-errors = The template “{ $file }” has { $count ->
    [one] { $count } error
   *[other] { $count } errors
}. Fix the file and upload it again.
survey-template-errors-more = …and { $count ->
    [one] { $count } more error
   *[other] { $count } more errors
}.
survey-template-error = “{ $file }”, question { $question }: { $problem }
survey-template-error-file = “{ $file }”: { $problem }
survey-template-error-section = “{ $file }”, section { $section }: { $problem }

survey-template-problem-file-too-large = the file is too large: { $length } characters, the limit is { $limit }.
survey-template-problem-yaml = { $line ->
    [0] the file cannot be read as YAML. Check the indentation, colons and quotes.
   *[other] the file cannot be read as YAML: an error in line { $line }, column { $column }. Check the indentation, colons and quotes.
}
survey-template-problem-repeated-key = the key “{ $key }” is repeated in line { $line }: each key is written once in one place.
survey-template-problem-not-a-template = this is not a survey template: the file must start with the keys key, title, anonymous and a list of questions or sections.
survey-template-problem-unknown-key = unknown key “{ $key }”. Allowed: { $allowed }.
survey-template-problem-missing-key = the key “{ $key }” is missing.
survey-template-problem-wrong-type = the key “{ $key }” must hold { $expected ->
    [text] a text
    [bool] true or false
    [number] a number
    [integer] a whole number
    [list] a non-empty list
   *[mapping] a set of keys (key: value)
}.
survey-template-problem-empty = the key “{ $key }” is empty: write a text.
survey-template-problem-too-long = the text “{ $key }” is too long: { $length } { $length ->
    [one] character
   *[other] characters
}, at most { $limit } allowed.
survey-template-problem-bad-id = “{ $value }” does not fit “{ $key }”: use lowercase Latin letters, digits and “_” (and “-” in key), a question id starting with a letter, at most { $limit } { $limit ->
    [one] character
   *[other] characters
}.
survey-template-problem-bad-value = “{ $value }” does not fit “{ $key }”. Allowed: { $allowed }.
survey-template-problem-sections-and-questions = use one of the two: either sections (questions by section) or questions (no sections).
survey-template-problem-no-questions = the template has no questions: add a list questions or sections.
survey-template-problem-too-many-questions = too many questions: at most { $limit }.
survey-template-problem-duplicate-id = the id “{ $id }” is already used by another question: ids must differ.
survey-template-problem-key-not-for-type = a question of type { $type } has no key “{ $key }”.
survey-template-problem-scale-range = a scale always runs from { $min } to { $max }: remove min and max.
survey-template-problem-scale-labels = label both ends of a scale or neither: give both low_label and high_label.
survey-template-problem-measure-without-area = measure goes together with area, a competence area.
survey-template-problem-min-max = min ({ NUMBER($min, useGrouping: 0, maximumFractionDigits: 6) }) is greater than max ({ NUMBER($max, useGrouping: 0, maximumFractionDigits: 6) }).
survey-template-problem-max-choices = max_choices is { $value } and there are { $count } options: it must be from 1 to { $count }.
survey-template-problem-options-missing = a choice question needs options: a list options of at least two items like {"{"}id: a, text: Text{"}"}.
survey-template-problem-too-many-options = too many options: { $count }, at most { $limit }.
survey-template-problem-duplicate-option = the option “{ $option }” is repeated: option ids must differ.
survey-template-problem-show-if-shape = the condition show_if is written wrongly. Write it like this: {"{"}question: q3, equals: yes{"}"}, {"{"}question: q3, one_of: [a, b]{"}"}, {"{"}all: [...]{"}"} or {"{"}any: [...]{"}"}.
survey-template-problem-show-if-depth = show_if has too many nested all/any groups: at most { $limit }.
survey-template-problem-show-if-group = an all/any group of show_if must hold from 1 to { $limit } conditions.
survey-template-problem-show-if-self = the condition show_if refers to its own question, so the question would never be shown. Refer to a question above it.
survey-template-problem-show-if-unknown = the condition show_if refers to the question “{ $target }”, and there is no such question.
survey-template-problem-show-if-cycle = the show_if conditions go round in a circle: { $path }. Such questions would never be shown. A condition may depend only on questions above.
survey-template-problem-show-if-later = the condition show_if refers to the question “{ $target }”, which comes later. A condition may depend only on questions above.
survey-template-problem-show-if-type = the condition show_if refers to the question “{ $target }” of type { $type }; conditions may refer only to questions of types single, multi, yesno, scale and number.
survey-template-problem-show-if-value = in the condition show_if the value “{ $value }” is not among the answers of the question “{ $target }”. Allowed: { $allowed }.

## Errors of answers.

survey-error-empty = The answer is empty. Write your answer as a message.
survey-error-too-long = The answer is too long: { $length } { $length ->
    [one] character
   *[other] characters
}, at most { $limit } allowed. Please shorten it.
survey-error-not-a-number = A number is needed here, for example 12 or 12.5.
survey-error-out-of-range = { $bounds ->
    [min] The number must be at least { NUMBER($min, useGrouping: 0, maximumFractionDigits: 6) }.
    [max] The number must be at most { NUMBER($max, useGrouping: 0, maximumFractionDigits: 6) }.
   *[both] The number must be from { NUMBER($min, useGrouping: 0, maximumFractionDigits: 6) } to { NUMBER($max, useGrouping: 0, maximumFractionDigits: 6) }.
}
survey-error-not-a-date = I did not understand the date. Write, for example: { $example_full }, { $example_short } or “today”.
survey-error-use-buttons = This question is answered with the buttons below it.
survey-error-type-answer = Write the answer to this question as a message.
survey-error-no-such-option = There is no such answer. Choose with a button below the question.
survey-error-too-many-choices = You can choose at most { $limit } { $limit ->
    [one] option
   *[other] options
}. Untick one of the chosen to choose another.

## Answers on the review screen.

survey-answer-none = — no answer
survey-answer-yes = Yes
survey-answer-no = No
survey-answer-other = { $option }: { $text }
survey-answer-scale = { $value } of { $max }
survey-answer-scale-labelled = { $value } of { $max } ({ $label })
survey-answer-number = { NUMBER($value, useGrouping: 0, maximumFractionDigits: 6) }
