// Names for the generated schema types, so components read `ClientView`, not index chains.
import type { components } from './schema';

type S = components['schemas'];

export type ClientView = S['ClientView'];
export type NewClient = S['NewClient'];
export type HandlingAlert = S['HandlingAlert'];
export type ClinicalAlert = S['ClinicalAlert'];
export type RunnerProfile = S['RunnerProfile'];
export type RaceView = S['RaceView'];
export type IntakeFormView = S['IntakeFormView'];
export type IntakeInput = S['IntakeInput'];
export type IntakePrefill = S['IntakePrefill'];
export type PublicIntake = S['PublicIntake'];
export type IntakeReceipt = S['IntakeReceipt'];
export type CreatedIntakeLink = S['CreatedIntakeLink'];
export type PainArea = S['PainArea'];
export type PainQuality = S['PainQuality'];
export type AggravatingFactor = S['AggravatingFactor'];
export type Contraindication = S['Contraindication'];
export type BodyRegion = S['BodyRegion'];
export type BodyView = S['BodyView'];
export type Side = S['Side'];
export type Severity = S['Severity'];
export type Vocabulary = S['Vocabulary'];
export type RegionTerm = S['RegionTerm'];
export type Term = S['Term'];
export type ContraindicationTerm = S['ContraindicationTerm'];
export type Role = S['Role'];
export type Me = S['Me'];
export type TokenPair = S['TokenPair'];
export type LoginRequest = S['LoginRequest'];
export type ProblemBody = S['Problem'];
export type FieldError = S['FieldError'];
export type PressurePreference = S['PressurePreference'];
export type DistanceUnit = S['DistanceUnit'];
export type Surface = S['Surface'];
export type UsualDistance = S['UsualDistance'];
