import type { Kysely } from 'kysely';
import { tables, type Executor } from '../../platform/db/index.js';

export interface MeteringTables {
  metering_usage_event: {
    usage_event_id: string;
    account_id: string;
    resource_id: string;
    resource_uri: string | null;
    offer_id: string;
    plan_id: string;
    dimension: string;
    /** numeric(28,10) as a decimal string. */
    quantity: string;
    effective_start_time: Date;
    usage_hour: Date;
    message_time: Date;
  };
}

export type UsageEventRow = MeteringTables['metering_usage_event'];

export const mt = (x: Executor): Kysely<MeteringTables> => tables<MeteringTables>(x);
