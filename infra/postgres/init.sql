-- One database per service: no service reads another's tables.
CREATE DATABASE yishi_directory;
CREATE DATABASE yishi_ballots;
CREATE DATABASE yishi_notifications;
CREATE DATABASE yishi_proposals;
CREATE DATABASE yishi_meetings;
