-- Each unit stores its region's prefix (regionPrefix, domain/region.ts), indexed for bureaus: a batch of new
-- registrations finds the bureaus over each petition's region by probes of this index instead of computing the
-- prefix of every bureau (a regular expression per bureau and a hash of them all, per batch: docs/benchmarks.md).
ALTER TABLE "units" ADD COLUMN "region_prefix" text GENERATED ALWAYS AS ((case
  when length(region_code) > 6 then
    case when length(regexp_replace(region_code, '(000)+$', '')) < 6 then left(region_code, 6)
      else regexp_replace(region_code, '(000)+$', '') end
  when right(region_code, 4) = '0000' then left(region_code, 2)
  when right(region_code, 2) = '00' then left(region_code, 4)
  else region_code end)) STORED;--> statement-breakpoint
CREATE INDEX "units_bureau_prefix_idx" ON "units" USING btree ("region_prefix") WHERE kind = 'bureau';