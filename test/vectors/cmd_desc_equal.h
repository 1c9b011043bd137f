/* SPDX-License-Identifier: BSD-2-Clause */
/* Member-by-member equality of two command descriptors (the unit tests and
 * the fuzzer compare decode results with it; padding is never compared). */
#ifndef SMMUV3_TEST_CMD_DESC_EQUAL_H
#define SMMUV3_TEST_CMD_DESC_EQUAL_H

#include <stdbool.h>

#include <smmuv3/cmd.h>

static inline bool cmd_desc_equal(const struct smmuv3_cmd_desc *a,
				  const struct smmuv3_cmd_desc *b)
{
	return a->opcode == b->opcode && a->leaf == b->leaf &&
	       a->ssv == b->ssv && a->global == b->global && a->sid == b->sid &&
	       a->ssid == b->ssid && a->asid == b->asid && a->vmid == b->vmid &&
	       a->addr == b->addr && a->range == b->range &&
	       a->size == b->size && a->tg == b->tg && a->scale == b->scale &&
	       a->num == b->num && a->ttl == b->ttl && a->cs == b->cs &&
	       a->msh == b->msh && a->msiattr == b->msiattr &&
	       a->msidata == b->msidata && a->resp == b->resp &&
	       a->grpid == b->grpid && a->stag == b->stag &&
	       a->ssec == b->ssec;
}

#endif
