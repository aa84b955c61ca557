DROP TABLE closed_days;
