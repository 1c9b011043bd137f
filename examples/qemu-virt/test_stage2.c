// SPDX-License-Identifier: BSD-2-Clause
/*
 * Stage 2 through the domain API (5 edu DMAs): the same checks as stage 1
 * (test_stage1.c) with IPAs, the faults reported with S2 = 1 and the IPA:
 * round trip, a write to a read-only IPA (F_PERMISSION), remap with its
 * TLBI_S2_IPA, and an unmapped IPA (F_TRANSLATION).
 */
#include "harness.h"

#define IPA_SRC 0x00100000ull
#define IPA_DST 0x00200000ull
#define IPA_RO 0x00300000ull

static struct smmuv3_domain dom;

int test_stage2(void)
{
	const struct smmuv3_domain_cfg dcfg = {
		.stage = SMMUV3_PGTBL_STAGE2,
		.granule = SMMUV3_GRANULE_4K,
		.vmid = 1,
	};
	const uint32_t rw =
		SMMUV3_PROT_READ | SMMUV3_PROT_WRITE | SMMUV3_PROT_MEM_CACHED;
	struct smmuv3_write_result wr;
	smmuv3_pa_t src_pa, dst_pa, ro_pa, b_pa;
	uint8_t *src, *dst, *ro, *b;
	struct t_evx x;
	int ret;

	if (!t_has(SMMUV3_FEAT_TRANS_S2))
		return t_skip("stage 2: this SMMU has no stage 2 (IDR0.S2P = "
			      "0; QEMU before 9.2, e.g. 7.2, or machine "
			      "virt-9.1 and older, is stage-1 only)");
	src = t_page(&src_pa);
	dst = t_page(&dst_pa);
	ro = t_page(&ro_pa);
	b = t_page(&b_pa);
	CHECK(src && dst && ro && b, "buffers");
	t_fill(src, 2);
	t_set(dst, 0xee);
	t_set(ro, 0x5a);
	t_set(b, 0xee);
	TRY(smmuv3_domain_init(&dom, &H.dev, &dcfg), "domain");
	TRY(smmuv3_domain_map(&dom, IPA_SRC, src_pa, T_LEN,
			      SMMUV3_PROT_READ | SMMUV3_PROT_MEM_CACHED),
	    "map src");
	TRY(smmuv3_domain_map(&dom, IPA_DST, dst_pa, T_LEN, rw), "map dst");
	TRY(smmuv3_domain_map(&dom, IPA_RO, ro_pa, T_LEN,
			      SMMUV3_PROT_READ | SMMUV3_PROT_MEM_CACHED),
	    "map ro");
	TRY(smmuv3_domain_attach(&dom, &H.stream, &wr), "attach");
	puts_("edu attached to a stage-2 domain, hitless: ");
	puts_(wr.hitless ? "yes\n" : "no\n");

	CHECK(t_dma_from_ram(IPA_SRC) && t_dma_to_ram(IPA_DST),
	      "edu DMA did not complete");
	CHECK(t_holds(dst, 2), "DMA data mismatch");
	TRY(t_no_events("no event for a mapped DMA"), "events");
	puts_("stage-2 DMA round trip: ok\n");

	CHECK(t_dma_to_ram_n(IPA_RO, T_FAULT_XFER), "edu DMA did not complete");
	CHECK(t_all(ro, 0x5a), "DMA wrote a read-only page");
	x = (struct t_evx){ .id = SMMUV3_EVT_F_PERMISSION,
			   .clss = T_CLASS_IN,
			   .s2 = true,
			   .input = IPA_RO,
			   .ipa = IPA_RO };
	ret = t_expect("stage-2 write to a read-only IPA: F_PERMISSION", &x);
	if (ret)
		return ret;

	t_set(dst, 0x5a);
	TRY(smmuv3_domain_unmap(&dom, IPA_DST, T_LEN, NULL), "unmap");
	TRY(smmuv3_domain_map(&dom, IPA_DST, b_pa, T_LEN, rw), "remap");
	CHECK(t_dma_to_ram(IPA_DST), "edu DMA did not complete");
	CHECK(t_all(dst, 0x5a), "DMA used the stale stage-2 translation");
	CHECK(t_holds(b, 2), "DMA did not reach the new page");
	TRY(t_no_events("no event after the remap"), "events");
	puts_("stage-2 remap with invalidation: ok\n");

	t_set(b, 0x5a);
	TRY(smmuv3_domain_unmap(&dom, IPA_DST, T_LEN, NULL), "unmap");
	CHECK(t_dma_to_ram_n(IPA_DST, T_FAULT_XFER),
	      "edu DMA did not complete");
	CHECK(t_all(b, 0x5a) && t_all(dst, 0x5a),
	      "DMA reached unmapped memory");
	x = (struct t_evx){ .id = SMMUV3_EVT_F_TRANSLATION,
			   .clss = T_CLASS_IN,
			   .s2 = true,
			   .input = IPA_DST,
			   .ipa = IPA_DST };
	ret = t_expect("unmapped IPA blocked: F_TRANSLATION", &x);
	if (ret)
		return ret;

	TRY(smmuv3_domain_detach(&dom, &H.stream, NULL, NULL), "detach");
	TRY(smmuv3_domain_fini(&dom), "domain fini");
	return T_PASS;
}
