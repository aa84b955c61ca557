DROP TABLE outcome_totals;
