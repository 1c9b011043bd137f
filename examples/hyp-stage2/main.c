// SPDX-License-Identifier: BSD-2-Clause
/*
 * A hypervisor's use of libsmmuv3, run against the bundled SMMUv3 model:
 * give a guest's pass-through devices a stage-2 translation of the guest's
 * physical address space (IPA -> PA), as pKVM, Xen or Hafnium do.
 *
 *  1. bring the SMMU up (probe, init, enable) on an Arm MMU-700-like part;
 *  2. build the guest's stage-2 domain (VMID 1): guest RAM at IPA 1 GiB,
 *     backed by host memory that is not contiguous (two host chunks);
 *  3. attach the guest's two devices (StreamIDs 0x100 and 0x101);
 *  4. device DMA to guest IPAs lands in the right host pages; DMA outside
 *     the guest, or a write to the read-only page, faults and is reported
 *     to the hypervisor through the event queue;
 *  5. the guest gives back a page (balloon): unmap, and DMA to it faults
 *     from then on (the stale TLB entry is gone);
 *  6. tear down.
 * Exit status 0 when every step behaves as described.
 */
#include <stdio.h>
#include <string.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/model.h>

#define GUEST_IPA 0x40000000ull
#define CHUNK (1u << 20) /* two 1 MiB host chunks back 2 MiB of guest RAM */
#define SID_NIC 0x100u
#define SID_DISK 0x101u

static int failures;

static void expect(int cond, const char *what)
{
	printf("  [%s] %s\n", cond ? " ok " : "FAIL", what);
	if (!cond)
		failures++;
}

static struct smmuv3_model_result dma(struct smmuv3_model *m, uint32_t sid,
				      uint64_t ipa, bool write)
{
	struct smmuv3_model_result r;

	if (smmuv3_model_access(m, sid, false, 0, ipa,
				write ? MDL_ACC_WRITE : 0, &r) != 0)
		r.outcome = SMMUV3_MODEL_XLATE_ABORT;
	return r;
}

static void report_events(struct smmuv3_dev *dev)
{
	struct smmuv3_event ev[8];
	size_t n = 0;
	bool ovf;

	if (smmuv3_dev_read_events(dev, ev, 8, &n, &ovf) != 0)
		return;
	for (size_t i = 0; i < n; i++)
		printf("  hypervisor: %s from StreamID %#x at IPA %#llx%s\n",
		       smmuv3_event_name(ev[i].id), ev[i].sid,
		       (unsigned long long)ev[i].input_addr,
		       ev[i].s2 ? " (stage 2)" : "");
}

int main(void)
{
	struct smmuv3_model_config mc = { .preset = SMMUV3_MODEL_FULL };
	struct smmuv3_model *m;
	struct smmuv3_osal osal;
	static struct smmuv3_dev dev;
	static struct smmuv3_domain vm;
	struct smmuv3_dev_cfg cfg = {
		.fw = { .flags = SMMUV3_FW_COHERENT },
		.limits = { .cmdq_max_shift = 10, .evtq_max_shift = 8,
			    .priq_max_shift = 8 },
	};
	struct smmuv3_domain_cfg dcfg = {
		.stage = SMMUV3_PGTBL_STAGE2,
		.granule = SMMUV3_GRANULE_4K,
		.ias = 40,
		.vmid = 1,
	};
	const uint32_t rw = SMMUV3_PROT_READ | SMMUV3_PROT_WRITE |
			    SMMUV3_PROT_MEM_CACHED;
	struct smmuv3_model_result r;
	smmuv3_pa_t host[2];
	void *va[2];
	int ret;

	if (smmuv3_model_create(&mc, &m) != 0)
		return 2;
	osal = smmuv3_model_osal(m);

	printf("1. bring-up\n");
	ret = smmuv3_dev_probe(&dev, &osal, &cfg);
	if (!ret)
		ret = smmuv3_dev_init(&dev);
	if (!ret)
		ret = smmuv3_dev_enable(&dev);
	expect(ret == 0, "probe, init, enable");
	if (ret) {
		printf("  error: %s\n", smmuv3_strerror(ret));
		return 1;
	}
	printf("  stage 2: %s, VMID bits %u, OAS %u bits\n",
	       (dev.caps.features & SMMUV3_FEAT_TRANS_S2) ? "yes" : "no",
	       dev.caps.vmid_bits, dev.caps.oas_bits);

	printf("2. guest stage-2 domain (VMID 1)\n");
	for (int i = 0; i < 2; i++) {
		va[i] = osal.ops->alloc(osal.ctx, CHUNK, CHUNK, &host[i]);
		if (!va[i])
			return 2;
	}
	ret = smmuv3_domain_init(&vm, &dev, &dcfg);
	/* Guest RAM: IPA [1 GiB, +1 MiB) -> chunk 0, [+1 MiB, +2 MiB) ->
	 * chunk 1, except its last page, mapped read-only. */
	if (!ret)
		ret = smmuv3_domain_map(&vm, GUEST_IPA, host[0], CHUNK, rw);
	if (!ret)
		ret = smmuv3_domain_map(&vm, GUEST_IPA + CHUNK, host[1],
					CHUNK - 4096, rw);
	if (!ret)
		ret = smmuv3_domain_map(&vm, GUEST_IPA + 2 * CHUNK - 4096,
					host[1] + CHUNK - 4096, 4096,
					SMMUV3_PROT_READ | SMMUV3_PROT_MEM_CACHED);
	expect(ret == 0, "map 2 MiB of guest RAM onto two host chunks");

	printf("3. attach the guest's devices\n");
	ret = smmuv3_domain_attach(&vm, SID_NIC, NULL);
	if (!ret)
		ret = smmuv3_domain_attach(&vm, SID_DISK, NULL);
	expect(ret == 0, "attach NIC and disk");

	printf("4. device DMA\n");
	r = dma(m, SID_NIC, GUEST_IPA + 0x1234, true);
	expect(r.outcome == SMMUV3_MODEL_XLATE_OK && r.pa == host[0] + 0x1234,
	       "NIC writes guest IPA 0x40001234 -> host chunk 0");
	r = dma(m, SID_DISK, GUEST_IPA + CHUNK + 0x10, false);
	expect(r.outcome == SMMUV3_MODEL_XLATE_OK && r.pa == host[1] + 0x10,
	       "disk reads guest IPA 0x40100010 -> host chunk 1");
	r = dma(m, SID_DISK, 0x1000, false);
	expect(r.outcome == SMMUV3_MODEL_XLATE_FAULT,
	       "disk DMA outside the guest faults");
	r = dma(m, SID_NIC, GUEST_IPA + 2 * CHUNK - 8, true);
	expect(r.outcome == SMMUV3_MODEL_XLATE_FAULT &&
		       r.event_id == MDL_EVT_F_PERMISSION,
	       "NIC write to the read-only page is a permission fault");
	report_events(&dev);

	printf("5. balloon: the guest gives back its page at IPA 0x40002000\n");
	r = dma(m, SID_NIC, GUEST_IPA + 0x2000, true);
	expect(r.outcome == SMMUV3_MODEL_XLATE_OK, "page in use (TLB warm)");
	ret = smmuv3_domain_unmap(&vm, GUEST_IPA + 0x2000, 4096, NULL);
	expect(ret == 0, "unmap (TLBI_S2_IPA + CMD_SYNC)");
	r = dma(m, SID_NIC, GUEST_IPA + 0x2000, true);
	expect(r.outcome == SMMUV3_MODEL_XLATE_FAULT,
	       "DMA to the returned page now faults");
	r = dma(m, SID_NIC, GUEST_IPA + 0x3000, true);
	expect(r.outcome == SMMUV3_MODEL_XLATE_OK && r.pa == host[0] + 0x3000,
	       "its neighbour still works");
	report_events(&dev);

	printf("6. teardown\n");
	ret = smmuv3_domain_detach(&vm, SID_NIC, NULL);
	if (!ret)
		ret = smmuv3_domain_detach(&vm, SID_DISK, NULL);
	if (!ret)
		ret = smmuv3_domain_fini(&vm);
	if (!ret)
		ret = smmuv3_dev_disable(&dev);
	expect(ret == 0, "detach, domain fini, disable");
	smmuv3_dev_fini(&dev);
	for (int i = 0; i < 2; i++)
		osal.ops->free(osal.ctx, va[i], CHUNK);
	smmuv3_model_destroy(m);
	printf("%s\n", failures ? "FAILED" : "PASS");
	return failures ? 1 : 0;
}
