# The registry: organisations and methodological associations; import from a table.

registry-menu =
    <b>Registry</b>: the municipality's organisations and their methodological associations.

    What shall I open?
registry-read-only = <i>View only: a methodologist can change the registry.</i>

registry-button-organisations = Organisations
registry-button-associations = Associations
registry-button-import-file = Import from a file
registry-button-add-organisation = + Add an organisation
registry-button-add-association = + Add an association
registry-button-add-school-association = + Add a school association
registry-button-rename = Rename
registry-button-archive = Archive
registry-button-archive-confirm = Yes, archive
registry-button-open-card = Open the card
registry-button-to-menu = ‹ Menu
registry-button-to-organisations = ‹ Organisations
registry-button-to-associations = ‹ Associations
registry-button-to-organisation = ‹ Organisation
registry-button-no-subject = No subject area
registry-button-import-confirm = Import

registry-kind-school = School
registry-kind-kindergarten = Kindergarten
registry-kind-additional = Additional education

registry-level-school = School (ШМО)
registry-level-municipal = Municipal (ГМО)
registry-level-district = District (РМО)

registry-organisations = { $count ->
    [one] { $count } organisation
   *[other] { $count } organisations
}
registry-associations = { $count ->
    [one] { $count } association
   *[other] { $count } associations
}
registry-members = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
registry-heads = { $count ->
    [0] no head
    [one] { $count } head
   *[other] { $count } heads
}
registry-more = …and { $count } more.

registry-organisations-title = Organisations in the registry: { $count }. Choose one or add a new one.
registry-organisations-empty = There are no organisations in the registry yet. Add the first one with the button below or load a table: /import.
registry-associations-title = Associations in the registry: { $count }. Choose one or add a new one.
registry-associations-empty = There are no associations in the registry yet. Add the first one with the button below or load a table: /import.

registry-card-no-associations = No associations yet.
registry-card-associations = Associations ({ $count }):
registry-card-line = • { $name } — { $members }, { $heads }
registry-card-level = Level: { $level }
registry-card-subject = Subject area: { $subject }
registry-card-no-subject = No subject area given
registry-card-organisation = Organisation: { $name }
registry-card-heads = Heads: { $names }
registry-card-no-heads = No head appointed yet
registry-card-members = Members: { $count }

registry-ask-organisation-name =
    Type the full name of the organisation, for example: School No. 4.
    At most 300 characters. To stop, send /cancel.
registry-ask-kind = Organisation: <b>{ $name }</b>. What kind is it?
registry-organisation-added = The organisation <b>{ $name }</b> is added to the registry ({ $kind }).
registry-ask-level = What level is the association? To stop, send /cancel.
registry-ask-association-organisation = Which organisation is this school association in?
registry-ask-association-name =
    Level: { $level }. Type the name of the association, for example: City association of maths teachers.
    At most 300 characters.
registry-ask-association-name-in =
    A school association in <b>{ $organisation }</b>. Type its name, for example: Primary school teachers.
    At most 300 characters. To stop, send /cancel.
registry-ask-subject =
    Association: <b>{ $name }</b>. What is its subject area? For example: Maths, physics.
    At most 200 characters. If it has none, press the button below.
registry-association-added = The association <b>{ $name }</b> is added to the registry.
registry-ask-new-name =
    The current name is <b>{ $name }</b>
    Type the new name. To stop, send /cancel.
registry-renamed = Done, the new name is <b>{ $name }</b>.
registry-send-text = Please answer with text. To stop, send /cancel.

registry-archive-organisation-confirm =
    Archive the organisation <b>{ $name }</b>?

    Its associations will be archived too. They disappear from the lists, but all records about them are kept.
registry-archive-association-confirm =
    Archive the association <b>{ $name }</b>?

    It disappears from the lists, but all records about it are kept.
registry-organisation-archived = { $count ->
    [0] The organisation <b>{ $name }</b> is archived.
   *[other] The organisation <b>{ $name }</b> is archived together with its associations ({ $count }).
}
registry-association-archived = The association <b>{ $name }</b> is archived.

registry-organisation-gone = This organisation is no longer in the registry: it has been archived. Open /registry again.
registry-association-gone = This association is no longer in the registry: it has been archived. Open /registry again.
registry-no-organisation = Your profile has no organisation, so I cannot show its associations. Please ask your methodologist.
registry-no-organisations-yet = A school association belongs to an organisation, and there are none in the registry yet. Add an organisation first.
registry-school-needs-organisation = A school association needs an organisation.

registry-name-empty = The name cannot be empty. Please type it again.
registry-name-too-long = Too long: at most { $limit } characters. Please shorten it and send it again.
registry-name-no-letters = Words are needed, not only digits and punctuation. Please type it again.
registry-organisation-exists = This organisation is already in the registry: <b>{ $name }</b>. Type another name or find it in /registry.
registry-organisation-exists-archived = An organisation with this name exists but is archived: <b>{ $name }</b>. Type another name.
registry-association-exists = This association already exists here: <b>{ $name }</b>. Type another name.

registry-import-ask =
    Send the table as a CSV or XLSX file (at most { $limit } MB) with the columns:
    <b>Школа; Объединение; Уровень; Предметная область</b> (school; association; level; subject area)

    Level: школьное (ШМО), муниципальное or городское (ГМО), районное (РМО). The school may be empty only for ГМО and РМО.
    New organisations become schools unless the name shows a kindergarten or additional education.

    To stop, send /cancel.
registry-import-send-file = I am waiting for the table as a CSV or XLSX file. To stop, send /cancel.
registry-import-hint = To load organisations and associations from a table, send /import first and then the file.
registry-import-preview = I have checked the file <b>{ $file }</b>; rows with data: { $rows }.
registry-import-will-create = To be created: { $organisations } and { $associations }.
registry-import-already-there = Already in the registry: { $organisations } and { $associations }.
registry-import-problems = { $count ->
    [one] { $count } row has an error; I will skip it:
   *[other] { $count } rows have errors; I will skip them:
}
registry-import-problem = • row { $row }: { $text }
registry-import-question = Import?
registry-import-nothing-new = Everything in this file is already in the registry; there is nothing to create.
registry-import-nothing-valid = There is nothing to import. Correct the errors in the table and send the file again. To stop, send /cancel.
registry-import-done = Done! Created: { $organisations } and { $associations }.
registry-import-skipped = Rows skipped: { $count } — their organisations have been archived meanwhile.
registry-import-cancelled = The import is cancelled; nothing was created.
registry-import-expired = This import is already finished or cancelled. To load a file again, send /import.

registry-file-too-big = The file is larger than { $limit } MB, so I cannot take it. Split the table and send the parts one by one.
registry-file-type = I take only CSV or XLSX tables. Save the file in one of these formats (in Excel: File → Save as) and send it again.
registry-file-unreadable = I could not read the file as a table: it seems damaged or it is not CSV or XLSX. Save the table again and send it once more.
registry-file-columns =
    I could not find the expected columns. The table needs a header row:
    <b>Школа; Объединение; Уровень; Предметная область</b> (school; association; level; subject area)
    «Объединение» and «Уровень» are required.
registry-file-empty = The table has no rows with data.
registry-file-too-many-rows = The table has more than { $limit } rows. Split it and load the parts one by one.
registry-file-download-failed = I could not download the file. Please send it again.

registry-row-no-name = the association has no name
registry-row-name-too-long = the association's name is longer than 300 characters
registry-row-name-no-letters = the association's name «{ $value }» has no words
registry-row-no-level = no level given
registry-row-unknown-level = unknown level «{ $value }» (expected: школьное, муниципальное or районное)
registry-row-no-school = a school association without a school
registry-row-school-too-long = the school's name is longer than 300 characters
registry-row-school-no-letters = the school's name «{ $value }» has no words
registry-row-subject-too-long = the subject area is longer than 200 characters
registry-row-organisation-archived = the organisation «{ $value }» is archived
registry-row-repeated = repeats row { $value }
