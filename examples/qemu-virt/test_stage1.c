// SPDX-License-Identifier: BSD-2-Clause
/*
 * Stage 1 through the domain API (5 edu DMAs), with edu's default 28-bit
 * DMA mask: RAM starts at 1 GiB, so only translated DMA can reach it.
 *  1. RAM -> device -> RAM round trip through IOVAs;
 *  2. a write to a read-only page: F_PERMISSION (S2 = 0, CLASS = IN,
 *     RnW = 0), the page untouched;
 *  3. remap: unmap the destination, map its IOVA to another page: the DMA
 *     lands there and not in the old page (the unmap's TLBI reached QEMU's
 *     IOTLB);
 *  4. unmap: the DMA faults with F_TRANSLATION and memory stays untouched.
 */
#include "harness.h"

#define IOVA_SRC 0x00100000ull
#define IOVA_DST 0x00200000ull
#define IOVA_RO 0x00300000ull

static struct smmuv3_domain dom;

int test_stage1(void)
{
	const struct smmuv3_domain_cfg dcfg = {
		.stage = SMMUV3_PGTBL_STAGE1,
		.granule = SMMUV3_GRANULE_4K,
		.asid = 1,
	};
	const uint32_t rw =
		SMMUV3_PROT_READ | SMMUV3_PROT_WRITE | SMMUV3_PROT_MEM_CACHED;
	struct smmuv3_write_result wr;
	smmuv3_pa_t src_pa, dst_pa, ro_pa, b_pa;
	uint8_t *src = t_page(&src_pa), *dst = t_page(&dst_pa);
	uint8_t *ro = t_page(&ro_pa), *b = t_page(&b_pa);
	struct t_evx x;
	int ret;

	CHECK(src && dst && ro && b, "buffers");
	t_fill(src, 1);
	t_set(dst, 0xee);
	t_set(ro, 0x5a);
	t_set(b, 0xee);
	TRY(smmuv3_domain_init(&dom, &H.dev, &dcfg), "domain");
	TRY(smmuv3_domain_map(&dom, IOVA_SRC, src_pa, T_LEN,
			      SMMUV3_PROT_READ | SMMUV3_PROT_MEM_CACHED),
	    "map src");
	TRY(smmuv3_domain_map(&dom, IOVA_DST, dst_pa, T_LEN, rw), "map dst");
	TRY(smmuv3_domain_map(&dom, IOVA_RO, ro_pa, T_LEN,
			      SMMUV3_PROT_READ | SMMUV3_PROT_MEM_CACHED),
	    "map ro");
	TRY(smmuv3_domain_attach(&dom, &H.stream, &wr), "attach");
	puts_("edu (StreamID ");
	put_hex(H.sid);
	puts_(") attached to a stage-1 domain, hitless: ");
	puts_(wr.hitless ? "yes\n" : "no\n");

	/* 1. Round trip. */
	CHECK(t_dma_from_ram(IOVA_SRC) && t_dma_to_ram(IOVA_DST),
	      "edu DMA did not complete");
	CHECK(t_holds(dst, 1), "DMA data mismatch");
	for (unsigned int i = T_XFER; i < T_LEN; i++)
		CHECK(dst[i] == 0xee, "DMA wrote beyond its length");
	TRY(t_no_events("no event for a mapped DMA"), "events");
	puts_("translated DMA round trip: ok\n");

	/* 2. Permission fault. */
	CHECK(t_dma_to_ram_n(IOVA_RO, T_FAULT_XFER),
	      "edu DMA did not complete");
	CHECK(t_all(ro, 0x5a), "DMA wrote a read-only page");
	x = (struct t_evx){ .id = SMMUV3_EVT_F_PERMISSION,
			   .clss = T_CLASS_IN,
			   .input = IOVA_RO };
	ret = t_expect("write to a read-only page: F_PERMISSION", &x);
	if (ret)
		return ret;

	/* 3. Remap: the old translation must be gone from the IOTLB. */
	t_set(dst, 0x5a);
	TRY(smmuv3_domain_unmap(&dom, IOVA_DST, T_LEN, NULL), "unmap");
	TRY(smmuv3_domain_map(&dom, IOVA_DST, b_pa, T_LEN, rw), "remap");
	CHECK(t_dma_to_ram(IOVA_DST), "edu DMA did not complete");
	CHECK(t_all(dst, 0x5a), "DMA used the stale translation");
	CHECK(t_holds(b, 1), "DMA did not reach the new page");
	TRY(t_no_events("no event after the remap"), "events");
	puts_("remap with invalidation: ok\n");

	/* 4. Unmapped: F_TRANSLATION, memory untouched. */
	t_set(b, 0x5a);
	TRY(smmuv3_domain_unmap(&dom, IOVA_DST, T_LEN, NULL), "unmap");
	CHECK(t_dma_to_ram_n(IOVA_DST, T_FAULT_XFER),
	      "edu DMA did not complete");
	CHECK(t_all(b, 0x5a) && t_all(dst, 0x5a),
	      "DMA reached unmapped memory");
	x = (struct t_evx){ .id = SMMUV3_EVT_F_TRANSLATION,
			   .clss = T_CLASS_IN,
			   .input = IOVA_DST };
	ret = t_expect("unmapped DMA blocked: F_TRANSLATION", &x);
	if (ret)
		return ret;

	TRY(smmuv3_domain_detach(&dom, &H.stream, NULL, NULL), "detach");
	TRY(smmuv3_domain_fini(&dom), "domain fini");
	return T_PASS;
}
