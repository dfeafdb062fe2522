"""British English: the 24-hour clock of British newspapers' comment threads ("14:05", where
Django's en_GB says "2:05 p.m." and "noon"), the month written out. The rest is Django's."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
