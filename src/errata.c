// SPDX-License-Identifier: BSD-2-Clause
/*
 * The errata and quirks table: every workaround the library applies, in one
 * place. A row triggers on the SMMU's IIDR (IHI 0070 6.3.7: Implementer,
 * ProductID, Variant = X and Revision = Y of "rXpY"), on firmware flags
 * (device-tree quirk properties) or on resolved features, and only clears
 * features or sets options. The numbers are from Arm's published errata
 * notices for each product; docs/errata.md mirrors this table row by row.
 */
#include <smmuv3/smmuv3.h>
#include <smmuv3/hw/cmd.h>
#include <smmuv3/hw/regs.h>

#include "internal.h"

#define ARM_IIDR(prod, lo, hi)                                          \
	.match_iidr = true, .implementer = SMMUV3_IIDR_IMPL_ARM,        \
	.product = (prod), .ver_lo = (lo), .ver_hi = (hi), .rev_lo = 0, \
	.rev_hi = 15

/*
 * The rows' text: names (one per row, in row order) then the reasons, each
 * once. One constant string of NUL-separated texts, indexed by the rows'
 * name_id and reason_id (no pointers: no relocations, and a reason shared
 * by several rows is stored once). The list builds both the index and the
 * string, so they cannot disagree.
 */
#define ERRATA_TEXTS(X)                                                      \
	X(N_MMU600_1076982, "Arm MMU-600 erratum 1076982")                   \
	X(N_MMU600_1209401, "Arm MMU-600 erratum 1209401")                   \
	X(N_MMU700_BTM, "Arm MMU-700 broadcast TLB maintenance")             \
	X(N_MMU700_2812531, "Arm MMU-700 erratum 2812531")                   \
	X(N_MMU700_NESTING, "Arm MMU-700 errata 2268618, 2812531 (nesting)") \
	X(N_MMU700_3777127, "Arm MMU-700 erratum 3777127")                   \
	X(N_MMUL1_3878312, "Arm MMU-L1 erratum 3878312")                     \
	X(N_MMUS3_3995052, "Arm MMU-S3 erratum 3995052")                     \
	X(N_MMUS3_3673557, "Arm MMU-S3 erratum 3673557")                     \
	X(N_CN9900, "cavium,cn9900-broken-page1-regspace")                   \
	X(N_HISI_PREFETCH, "hisilicon,broken-prefetch-cmd")                  \
	X(N_INSTDATA, "arm,instdata-override")                               \
	X(N_TEGRA264, "nvidia,tegra264-smmu repeat invalidation")            \
	X(N_MSIPOLL, "MSI-polled CMD_SYNC")                                  \
	X(R_SEV, "SEV on CMD_SYNC completion is unreliable: no WFE waits")   \
	X(R_NESTING, "nested stage 1 + stage 2 translation is unreliable")   \
	X(R_MMU700_BTM, "several errata make BTM unusable")                  \
	X(R_SYNC_63, "batches need a CMD_SYNC at least every 63 commands")   \
	X(R_CONT_RANGE,                                                      \
	  "a range invalidation must fully span a contiguous run")           \
	X(R_BTM, "broadcast TLB maintenance is unreliable")                  \
	X(R_PAGE0, "page-1 registers are only reachable in page 0")          \
	X(R_PREFETCH, "CMD_PREFETCH_CFG is broken (Hi161x)")                 \
	X(R_INSTDATA, "firmware asks STE.INSTCFG = data for all accesses")   \
	X(R_REPEAT, "CFGI/TLBI must be issued twice, each with a CMD_SYNC")  \
	X(R_MSIPOLL, "coherent SMMU with MSIs: complete syncs by write-back")

#define TEXT_ID(id, text) id,
#define TEXT_STR(id, text) text "\0"

enum text_id { ERRATA_TEXTS(TEXT_ID) TEXT_COUNT };

static const char errata_text[] = ERRATA_TEXTS(TEXT_STR);

static const struct smmuv3_erratum errata_table[] = {
	{
		.name_id = N_MMU600_1076982,
		.reason_id = R_SEV,
		ARM_IIDR(SMMUV3_IIDR_PROD_MMU600, SMMUV3_RXPY(0, 0),
			 SMMUV3_RXPY(0, 2)),
		.feat_clear = SMMUV3_FEAT_SEV,
	},
	{
		.name_id = N_MMU600_1209401,
		.reason_id = R_NESTING,
		ARM_IIDR(SMMUV3_IIDR_PROD_MMU600, SMMUV3_RXPY(0, 0),
			 SMMUV3_RXPY(1, 15)),
		.feat_clear = SMMUV3_FEAT_NESTING,
	},
	{
		.name_id = N_MMU700_BTM,
		.reason_id = R_MMU700_BTM,
		ARM_IIDR(SMMUV3_IIDR_PROD_MMU700, 0x00, 0xff),
		.feat_clear = SMMUV3_FEAT_BTM,
	},
	{
		/* Affects r0pX and rXp0: a version OR revision condition. */
		.name_id = N_MMU700_2812531,
		.reason_id = R_SYNC_63,
		.match_iidr = true,
		.implementer = SMMUV3_IIDR_IMPL_ARM,
		.product = SMMUV3_IIDR_PROD_MMU700,
		.ver_lo = SMMUV3_RXPY(0, 0),
		.ver_hi = SMMUV3_RXPY(0, 15),
		.rev_lo = 0,
		.rev_hi = 0,
		.rev_or = true,
		.opt_set = SMMUV3_OPT_CMDQ_FORCE_SYNC,
	},
	{
		.name_id = N_MMU700_NESTING,
		.reason_id = R_NESTING,
		.match_iidr = true,
		.implementer = SMMUV3_IIDR_IMPL_ARM,
		.product = SMMUV3_IIDR_PROD_MMU700,
		.ver_lo = SMMUV3_RXPY(0, 0),
		.ver_hi = SMMUV3_RXPY(0, 15),
		.rev_lo = 0,
		.rev_hi = 0,
		.rev_or = true,
		.feat_clear = SMMUV3_FEAT_NESTING,
	},
	{
		.name_id = N_MMU700_3777127,
		.reason_id = R_CONT_RANGE,
		ARM_IIDR(SMMUV3_IIDR_PROD_MMU700, 0x00, 0xff),
		.opt_set = SMMUV3_OPT_FULL_CONT_RANGE_INV,
	},
	{
		.name_id = N_MMUL1_3878312,
		.reason_id = R_BTM,
		ARM_IIDR(SMMUV3_IIDR_PROD_MMUL1, 0x00, 0xff),
		.feat_clear = SMMUV3_FEAT_BTM,
	},
	{
		.name_id = N_MMUS3_3995052,
		.reason_id = R_BTM,
		ARM_IIDR(SMMUV3_IIDR_PROD_MMUS3, 0x00, 0xff),
		.feat_clear = SMMUV3_FEAT_BTM,
	},
	{
		.name_id = N_MMUS3_3673557,
		.reason_id = R_CONT_RANGE,
		ARM_IIDR(SMMUV3_IIDR_PROD_MMUS3, SMMUV3_RXPY(0, 0),
			 SMMUV3_RXPY(1, 0)),
		.opt_set = SMMUV3_OPT_FULL_CONT_RANGE_INV,
	},
	{
		.name_id = N_CN9900,
		.reason_id = R_PAGE0,
		.fw_required = SMMUV3_FW_QUIRK_PAGE0_ONLY,
		.opt_set = SMMUV3_OPT_PAGE0_REGS_ONLY,
	},
	{
		.name_id = N_HISI_PREFETCH,
		.reason_id = R_PREFETCH,
		.fw_required = SMMUV3_FW_QUIRK_BROKEN_PREFETCH,
		.opt_set = SMMUV3_OPT_SKIP_PREFETCH,
	},
	{
		.name_id = N_INSTDATA,
		.reason_id = R_INSTDATA,
		.fw_required = SMMUV3_FW_INSTDATA_OVERRIDE,
		.opt_set = SMMUV3_OPT_OVR_INSTCFG_DATA,
	},
	{
		.name_id = N_TEGRA264,
		.reason_id = R_REPEAT,
		.fw_required = SMMUV3_FW_TEGRA264,
		.opt_set = SMMUV3_OPT_REPEAT_INV,
	},
	{
		/* IHI 0070 4.7.3: CMD_SYNC CS=SIG_IRQ with MSIADDR = own slot.
		 */
		.name_id = N_MSIPOLL,
		.reason_id = R_MSIPOLL,
		.fw_forbidden = SMMUV3_FW_NO_MSIPOLL,
		.feat_required = SMMUV3_FEAT_MSI | SMMUV3_FEAT_COHERENCY,
		.opt_set = SMMUV3_OPT_MSIPOLL,
	},
};

/* A row is 32 bytes of trigger, effect and text indices. */
_Static_assert(sizeof(struct smmuv3_erratum) == 32u,
	       "struct smmuv3_erratum is packed by field order");
_Static_assert(SMMUV3_ARRAY_SIZE(errata_table) <= 64,
	       "struct smmuv3_caps.errata has 64 bits");
_Static_assert(TEXT_COUNT <= 256, "text indices are uint8_t");

unsigned int smmuv3_errata_count(void)
{
	return (unsigned int)SMMUV3_ARRAY_SIZE(errata_table);
}

const struct smmuv3_erratum *smmuv3_errata_row(unsigned int i)
{
	if (i >= SMMUV3_ARRAY_SIZE(errata_table))
		return NULL;
	return &errata_table[i];
}

/* The text at index *@id, or NULL (no @id, or an index past the texts). */
static const char *text(const uint8_t *id)
{
	return id && *id < TEXT_COUNT ? smmuv3_str_nth(errata_text, *id) : NULL;
}

const char *smmuv3_errata_name(const struct smmuv3_erratum *row)
{
	return text(row ? &row->name_id : NULL);
}

const char *smmuv3_errata_reason(const struct smmuv3_erratum *row)
{
	return text(row ? &row->reason_id : NULL);
}

static bool in_range(uint32_t v, uint32_t lo, uint32_t hi)
{
	return v >= lo && v <= hi;
}

bool smmuv3_errata_matches(const struct smmuv3_erratum *row, uint32_t iidr,
			   uint32_t fw_flags, uint64_t features)
{
	if (!row)
		return false;
	if (row->match_iidr) {
		/* IIDR[19:12] is Variant:Revision, i.e. SMMUV3_RXPY(). */
		uint32_t ver = (iidr >> 12) & 0xffu;
		bool v_ok = in_range(ver, row->ver_lo, row->ver_hi);
		bool r_ok = in_range(ver & 0xfu, row->rev_lo, row->rev_hi);

		if ((iidr & (SMMUV3_IIDR_IMPLEMENTER | SMMUV3_IIDR_PRODUCTID)) !=
		    (row->implementer |
		     SMMUV3_FIELD_PREP(SMMUV3_IIDR_PRODUCTID, row->product)))
			return false;
		/* Both hold, or (rev_or) at least one. */
		if ((unsigned int)v_ok + r_ok < 2u - row->rev_or)
			return false;
	}
	return (fw_flags & row->fw_required) == row->fw_required &&
	       !(fw_flags & row->fw_forbidden) &&
	       (features & row->feat_required) == row->feat_required;
}

int smmuv3_errata_apply(uint32_t iidr, uint32_t fw_flags, uint64_t *features,
			uint32_t *options, uint64_t *applied)
{
	uint64_t in, feat, mask = 0;
	uint32_t opt;
	unsigned int i;

	if (!features || !options || !applied)
		return SMMUV3_EINVAL;
	in = *features;
	feat = in;
	opt = *options;
	for (i = 0; i < SMMUV3_ARRAY_SIZE(errata_table); i++) {
		const struct smmuv3_erratum *row = &errata_table[i];

		if (!smmuv3_errata_matches(row, iidr, fw_flags, in))
			continue;
		feat &= ~row->feat_clear;
		opt |= row->opt_set;
		mask |= SMMUV3_BIT64(i);
	}
	*features = feat;
	*options = opt;
	*applied = mask;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The command-queue policies the options above stand for             */
/* ------------------------------------------------------------------ */

uint32_t smmuv3_errata_sync_interval(const struct smmuv3_caps *caps)
{
	if (caps && (caps->options & SMMUV3_OPT_CMDQ_FORCE_SYNC))
		return SMMUV3_ERRATA_2812531_SYNC_INTERVAL;
	return 0;
}

/*
 * The opcode of @cmd when @caps has any of the options @opt, else 0 (no
 * command has opcode 0, IHI 0070 4.1.1, so 0 is in no class below).
 */
static uint64_t opcode_if(const struct smmuv3_caps *caps,
			  const struct smmuv3_cmd *cmd, uint32_t opt)
{
	if (!caps || !cmd || !(caps->options & opt))
		return 0;
	return SMMUV3_FIELD_GET(SMMUV3_CMD0_OP, cmd->dw[0]);
}

bool smmuv3_errata_cmd_repeat(const struct smmuv3_caps *caps,
			      const struct smmuv3_cmd *cmd)
{
	uint64_t op = opcode_if(caps, cmd, SMMUV3_OPT_REPEAT_INV);

	/* CFGI_* and TLBI_*: opcodes [CFGI_STE, ATC_INV). */
	return op >= SMMUV3_OP_CFGI_STE && op < SMMUV3_OP_ATC_INV;
}

bool smmuv3_errata_cmd_drop(const struct smmuv3_caps *caps,
			    const struct smmuv3_cmd *cmd)
{
	uint64_t op = opcode_if(caps, cmd, SMMUV3_OPT_SKIP_PREFETCH);

	return op == SMMUV3_OP_PREFETCH_CONFIG || op == SMMUV3_OP_PREFETCH_ADDR;
}
