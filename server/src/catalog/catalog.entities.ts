// TypeORM mappings of the catalog tables (created by migration Catalog1764000000000).
// Only the catalog repository uses them; services and controllers see plain records.
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Target } from '@kpi/shared/targets';

const numeric = { to: (v: number | null) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) };

@Entity('agency')
export class AgencyEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('text') kind!: string;
  @Column('text', { name: 'parent_code', nullable: true }) parentCode!: string | null;
  @Column('text', { name: 'official_code', nullable: true }) officialCode!: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) aliases!: string[];
  @Column('boolean', { default: false }) demo!: boolean;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

@Entity('plan')
export class PlanEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') title!: string;
  @Column('text') issuer!: string;
  @Column('text', { name: 'document_ref', nullable: true }) documentRef!: string | null;
  @Column('date', { name: 'start_date' }) startDate!: string;
  @Column('date', { name: 'end_date' }) endDate!: string;
  @Column('text') source!: string;
  @Column('text', { nullable: true }) appendix!: string | null;
  @Column('integer', { name: 'row_count', nullable: true }) rowCount!: number | null;
  @Column('text', { name: 'owner_agency_code', nullable: true }) ownerAgencyCode!: string | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

@Entity('pillar')
export class PillarEntity {
  @PrimaryColumn('text', { name: 'plan_code' }) planCode!: string;
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
}

@Entity('indicator')
export class IndicatorEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text', { name: 'plan_code' }) planCode!: string;
  @Column('text', { name: 'row_label' }) rowLabel!: string;
  @Column('text', { nullable: true }) section!: string | null;
  @Column('text') pillar!: string;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('text') text!: string;
  @Column('text', { name: 'target_text', nullable: true }) targetText!: string | null;
  @Column('jsonb', { default: () => "'[]'" }) targets!: Target[];
  @Column('text', { nullable: true }) unit!: string | null;
  @Column('double precision', { nullable: true, transformer: numeric }) baseline!: number | null;
  @Column('date', { name: 'start_date' }) startDate!: string;
  @Column('date') deadline!: string;
  @Column('text', { name: 'deadline_text', nullable: true }) deadlineText!: string | null;
  @Column('text') trajectory!: 'flat' | 'linear';
  @Column('text') cadence!: 'monthly' | 'quarterly' | 'yearly';
  @Column('integer', { name: 'max_age_days' }) maxAgeDays!: number;
  @Column('double precision', { default: 1, transformer: numeric }) weight!: number;
  @Column('text', { name: 'monitoring_agency', nullable: true }) monitoringAgency!: string | null;
  @Column('text', { name: 'lead_agency' }) leadAgency!: string;
  @Column('text', { name: 'cooperating_agencies', array: true, default: () => "'{}'" }) cooperatingAgencies!: string[];
  @Column('text', { name: 'legal_basis', nullable: true }) legalBasis!: string | null;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt!: Date | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

@Entity('assignment')
export class AssignmentEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text', { name: 'indicator_code' }) indicatorCode!: string;
  @Column('text', { name: 'agency_code' }) agencyCode!: string;
  @Column('double precision', { nullable: true, transformer: numeric }) weight!: number | null;
  @Column('jsonb', { name: 'target_override', nullable: true }) targetOverride!: Target[] | null;
  @Column('text', { name: 'target_override_text', nullable: true }) targetOverrideText!: string | null;
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt!: Date | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}

@Entity('milestone')
export class MilestoneEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text', { name: 'plan_code' }) planCode!: string;
  @Column('text', { name: 'group_label', nullable: true }) groupLabel!: string | null;
  @Column('text') title!: string;
  @Column('text', { name: 'lead_agency' }) leadAgency!: string;
  @Column('text', { name: 'cooperating_agencies', array: true, default: () => "'{}'" }) cooperatingAgencies!: string[];
  @Column('text', { name: 'deadline_text', nullable: true }) deadlineText!: string | null;
  @Column('date', { nullable: true }) deadline!: string | null;
  @Column('text', { name: 'expected_result', nullable: true }) expectedResult!: string | null;
  @Column('text', { nullable: true }) output!: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) assignees!: string[];
}

export const CATALOG_ENTITIES = [
  AgencyEntity,
  PlanEntity,
  PillarEntity,
  IndicatorEntity,
  AssignmentEntity,
  MilestoneEntity,
];
