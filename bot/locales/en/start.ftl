# First contact and help.

start-by-invitation =
    Hello! I am the ШМО bot of the municipal methodological service: I send announcements of seminars and competitions, remind of deadlines, run surveys and collect the minutes of methodological associations' meetings.

    I work by invitation. Ask your methodologist or deputy head teacher for an invitation link and open it; then I will know who you are and set everything up.
start-welcome-new =
    Hello, { $name }! You are registered as a { $role }.

    I will help run the work of the municipality's methodological associations: announcements, deadlines, surveys and minutes. What is available now: /help.
start-welcome-back =
    Welcome back, { $name }! You are a { $role }. What I can do: /help.

help-guest =
    I am the ШМО bot of the methodological service.

    I work by invitation: open the link your methodologist or deputy head teacher sent you.

    /start — begin
    /help — this help
help-methodologist =
    You are a methodologist. Commands:

    /invite — invite colleagues (link and QR code)
    /invites — working invitations
    /registry — organisations and associations
    /import — load the registry from a CSV or Excel file
    /members — members, roles, mentors, Excel export
    /groups — bound groups (to bind: /bind in the group itself)
    /announce — send an announcement
    /broadcasts — recent broadcasts and delivery reports
    /newevent — announce an event
    /events — events: answers, lists, changes
    /newdeadline — set a deadline
    /deadlines — deadlines: who handed in and who not, the files, remind the late, Excel and ZIP
    /survey_new — launch a survey from a template
    /surveys — surveys: response rate, close early, extend, remind
    /survey_templates — survey templates: download, upload your own
    /import_roadmap — load a roadmap: deadlines from a CSV or Excel table
    /roadmap — the year's roadmap by month
    /results — survey results: charts, Excel and CSV, waves compared
    /minutes_registry — meeting minutes: who has handed in, who has not, the meeting plan, the protocol template, Excel, chart, ZIP
    /audit — the audit log: who changed what, and when
    /me — my profile
    /forget — delete my data
    /cancel — stop filling in a form
help-coordinator =
    You are a school coordinator. Commands:

    /invite — invite your school's teachers
    /invites — working invitations
    /registry — your school's associations
    /members — your school's teachers
    /groups — your school's groups
    /announce — send an announcement to your school's teachers
    /broadcasts — my broadcasts and delivery reports
    /events — my upcoming events
    /newdeadline — set a deadline for your school
    /deadlines — the school's deadlines: who handed in and who not; and what the school hands in
    /survey_new — launch a survey in your school
    /surveys — your school's surveys: response rate, remind
    /roadmap — the year's roadmap by month
    /results — survey results of your school
    /minutes_registry — minutes of your school's associations: who has handed in, who has not
    /me — my profile
    /forget — delete my data
    /cancel — stop filling in a form
help-head =
    You are the head of a methodological association. Commands:

    /minutes — hand in a meeting's minutes, my minutes, the methodical topic
    /newevent — announce a meeting of your association
    /events — my upcoming events
    /newdeadline — set a deadline for your association's members
    /deadlines — my deadlines (and my association's): hand in files
    /roadmap — the year's roadmap by month
    /me — my profile
    /forget — delete my data
    /cancel — stop filling in a form
help-teacher =
    You are a teacher. Commands:

    /events — my upcoming events
    /deadlines — my deadlines: hand in files
    /me — my profile
    /forget — delete my data
    /cancel — stop filling in a form
help-group =
    I am the ШМО bot of the methodological service: I post announcements, deadline reminders and digests to this group.
    Personal matters (surveys, answers, minutes) go in a private chat with me.

command-start = Start
command-help = What the bot can do
command-cancel = Stop filling in a form
command-invite = Invite colleagues
command-invites = Working invitations
command-registry = Organisations and associations
command-import = Load the registry from a file
command-members = Members
command-groups = Bound groups
command-me = My profile
command-forget = Delete my data
command-announce = Send an announcement
command-broadcasts = Broadcasts and reports
command-newevent = Announce an event
command-events = My events
command-newdeadline = Set a deadline
command-import_roadmap = Load a roadmap
command-roadmap = Roadmap
command-survey_new = Launch a survey
command-surveys = Surveys: who answered
command-survey_templates = Survey templates
