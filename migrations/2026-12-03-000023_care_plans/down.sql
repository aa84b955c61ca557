ALTER TABLE practices DROP COLUMN care_conventions;
DROP TABLE care_plan_rejections;
DROP TABLE care_plans;
