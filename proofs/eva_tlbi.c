/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Eva (value analysis) over the public planning entry points of src/tlbi.c:
 * smmuv3_tlbi_prepare(), smmuv3_tlbi_prep_encode() and
 * smmuv3_tlbi_plan_encode(), called with every input the API accepts
 * (and many it rejects): any capabilities, any template, any range, any
 * output capacity up to CAP. The shipped file is included unchanged.
 * Run by proofs/run.sh; docs/proofs.md lists the remaining alarms.
 */
#include "__fc_builtin.h"
#include "pow2.h"
#include "builtins.h"
#include "tlbi_arith.h"
#include "../src/tlbi.c"

#define CAP 8

static bool any_bool(void)
{
	return Frama_C_interval(0, 1) != 0;
}

static uint64_t any_u64(void)
{
	return Frama_C_unsigned_long_long_interval(0, UINT64_MAX);
}

int main(void)
{
	static struct smmuv3_tlbi_ats_target ats[2];
	struct smmuv3_caps caps = { 0 };
	struct smmuv3_tlbi_req req = { 0 };
	struct smmuv3_tlbi_range rq = { 0 };
	struct smmuv3_tlbi_prep p;
	struct smmuv3_tlbi_info info;
	struct smmuv3_cmd out[CAP];
	size_t cap = (size_t)Frama_C_interval(0, CAP);
	int i;

	caps.features = any_u64();
	caps.options = (uint32_t)Frama_C_unsigned_int_interval(0, UINT32_MAX);
	caps.asid_bits = (uint8_t)Frama_C_interval(0, 16);
	caps.vmid_bits = (uint8_t)Frama_C_interval(0, 16);
	caps.sid_bits = (uint8_t)Frama_C_interval(0, 32);
	caps.ssid_bits = (uint8_t)Frama_C_interval(0, 20);
	caps.s2_ias_bits = (uint8_t)Frama_C_interval(0, 255);
	for (i = 0; i < 2; i++) {
		ats[i].sid = Frama_C_unsigned_int_interval(0, UINT32_MAX);
		ats[i].ssid = Frama_C_unsigned_int_interval(0, UINT32_MAX);
		ats[i].ssv = any_bool();
	}
	req.regime = (enum smmuv3_tlbi_regime)Frama_C_interval(0, 4);
	req.asid = (uint16_t)Frama_C_interval(0, 65535);
	req.vmid = (uint16_t)Frama_C_interval(0, 65535);
	req.granule = (enum smmuv3_granule)Frama_C_interval(0, 3);
	req.all = any_bool();
	req.iova = any_u64();
	req.size = any_u64();
	req.leaf_size = any_u64();
	req.leaf_mixed = any_bool();
	req.leaf_only = any_bool();
	req.max_ops = Frama_C_unsigned_int_interval(0, UINT32_MAX);
	req.flags = Frama_C_unsigned_int_interval(0, UINT32_MAX);
	req.n_ats = (size_t)Frama_C_interval(0, 2);
	req.ats = any_bool() ? ats : NULL;
	req.atc_min_log2 = (uint8_t)Frama_C_interval(0, 255);

	(void)smmuv3_tlbi_plan_encode(&caps, &req, out, cap, &info);
	if (smmuv3_tlbi_prepare(&p, &caps, &req) == 0) {
		rq.all = any_bool();
		rq.iova = any_u64();
		rq.size = any_u64();
		rq.leaf_size = any_u64();
		rq.leaf_mixed = any_bool();
		rq.leaf_only = any_bool();
		(void)smmuv3_tlbi_prep_encode(&p, &rq, out, cap, &info);
	}
	return 0;
}
