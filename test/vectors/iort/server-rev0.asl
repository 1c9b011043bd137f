/*
 * SPDX-License-Identifier: BSD-2-Clause
 * An IORT (table revision 0, DEN 0049 C/D layouts) of a two-socket server
 * written for test_iort: every node type iasl 20200925 knows, two SMMUv3s
 * with the quirk models, root complexes behind an SMMU and straight to the
 * ITS, named components on an SMMUv3 and on an SMMUv2, a PMCG. Compiled
 * with iasl; node offsets (the output references) are in the comments.
 */
[0004]                          Signature : "IORT"
[0004]                       Table Length : 00000000
[0001]                           Revision : 00
[0001]                           Checksum : 00
[0006]                             Oem ID : "SMMUV3"
[0008]                       Oem Table ID : "SERVER0 "
[0004]                       Oem Revision : 00000001
[0004]                    Asl Compiler ID : "INTL"
[0004]              Asl Compiler Revision : 20200925

[0004]                         Node Count : 00000009
[0004]                        Node Offset : 00000030
[0004]                           Reserved : 00000000

/* 0x030: ITS group, one ITS */
[0001]                               Type : 00
[0002]                             Length : 0018
[0001]                           Revision : 00
[0004]                           Reserved : 00000000
[0004]                      Mapping Count : 00000000
[0004]                     Mapping Offset : 00000000

[0004]                           ItsCount : 00000001
[0004]                        Identifiers : 00000000

/* 0x048: SMMUv3 #1, HiSilicon Hi161x model, COHACC, PXM and DeviceID index valid */
[0001]                               Type : 04
[0002]                             Length : 0058
[0001]                           Revision : 01
[0004]                           Reserved : 00000000
[0004]                      Mapping Count : 00000001
[0004]                     Mapping Offset : 00000044

[0008]                       Base Address : 0000000140000000
[0004]              Flags (decoded below) : 00000019
                                       COHACC Override : 1
                                         HTTU Override : 0
                                Proximity Domain Valid : 1
[0004]                           Reserved : 00000000
[0008]                      VATOS Address : 0000000000000000
[0004]                              Model : 00000001
[0004]                         Event GSIV : 00000100
[0004]                           PRI GSIV : 00000101
[0004]                          GERR GSIV : 00000102
[0004]                          Sync GSIV : 00000103
[0004]                   Proximity Domain : 00000001
[0004]            Device ID Mapping Index : 00000000

/* its own MSIs: single mapping to the ITS, DeviceID 0x10000 */
[0004]                         Input base : 00000000
[0004]                           ID Count : 00000000
[0004]                        Output Base : 00010000
[0004]                   Output Reference : 00000030
[0004]              Flags (decoded below) : 00000001
                                        Single Mapping : 1

/* 0x0a0: SMMUv3 #2, Cavium CN99xx model, HTTU override 2 (access+dirty), MSIs only */
[0001]                               Type : 04
[0002]                             Length : 0044
[0001]                           Revision : 01
[0004]                           Reserved : 00000000
[0004]                      Mapping Count : 00000000
[0004]                     Mapping Offset : 00000000

[0008]                       Base Address : 0000000150000000
[0004]              Flags (decoded below) : 00000004
                                       COHACC Override : 0
                                         HTTU Override : 2
                                Proximity Domain Valid : 0
[0004]                           Reserved : 00000000
[0008]                      VATOS Address : 0000000000000000
[0004]                              Model : 00000002
[0004]                         Event GSIV : 00000000
[0004]                           PRI GSIV : 00000000
[0004]                          GERR GSIV : 00000000
[0004]                          Sync GSIV : 00000000
[0004]                   Proximity Domain : 00000000
[0004]            Device ID Mapping Index : 00000000

/* 0x0e4: root complex, segment 0: bus 0 -> SMMU #1, bus 1 -> SMMU #2, the rest -> ITS */
[0001]                               Type : 02
[0002]                             Length : 0060
[0001]                           Revision : 00
[0004]                           Reserved : 00000000
[0004]                      Mapping Count : 00000003
[0004]                     Mapping Offset : 00000024

[0008]                  Memory Properties : [IORT Memory Access Properties]
[0004]                    Cache Coherency : 00000001
[0001]              Hints (decoded below) : 00
                                             Transient : 0
                                        Write Allocate : 0
                                         Read Allocate : 0
                                              Override : 0
[0002]                           Reserved : 0000
[0001]       Memory Flags (decoded below) : 03
                                             Coherency : 1
                                      Device Attribute : 1
[0004]                      ATS Attribute : 00000001
[0004]                 PCI Segment Number : 00000000
[0001]                  Memory Size Limit : 30
[0003]                           Reserved : 000000

[0004]                         Input base : 00000000
[0004]                           ID Count : 000000FF
[0004]                        Output Base : 00000000
[0004]                   Output Reference : 00000048
[0004]              Flags (decoded below) : 00000000
                                        Single Mapping : 0

[0004]                         Input base : 00000100
[0004]                           ID Count : 000000FF
[0004]                        Output Base : 00001000
[0004]                   Output Reference : 000000A0
[0004]              Flags (decoded below) : 00000000
                                        Single Mapping : 0

[0004]                         Input base : 00000200
[0004]                           ID Count : 0000FDFF
[0004]                        Output Base : 00000200
[0004]                   Output Reference : 00000030
[0004]              Flags (decoded below) : 00000000
                                        Single Mapping : 0

/* 0x144: root complex, segment 1, no SMMU: every RID -> ITS */
[0001]                               Type : 02
[0002]                             Length : 0038
[0001]                           Revision : 00
[0004]                           Reserved : 00000000
[0004]                      Mapping Count : 00000001
[0004]                     Mapping Offset : 00000024

[0008]                  Memory Properties : [IORT Memory Access Properties]
[0004]                    Cache Coherency : 00000001
[0001]              Hints (decoded below) : 00
                                             Transient : 0
                                        Write Allocate : 0
                                         Read Allocate : 0
                                              Override : 0
[0002]                           Reserved : 0000
[0001]       Memory Flags (decoded below) : 03
                                             Coherency : 1
                                      Device Attribute : 1
[0004]                      ATS Attribute : 00000000
[0004]                 PCI Segment Number : 00000001
[0001]                  Memory Size Limit : 30
[0003]                           Reserved : 000000

[0004]                         Input base : 00000000
[0004]                           ID Count : 0000FFFF
[0004]                        Output Base : 00020000
[0004]                   Output Reference : 00000030
[0004]              Flags (decoded below) : 00000000
                                        Single Mapping : 0

/* 0x17c: named component \_SB.ETH0: StreamID 0x2000 on SMMU #1, 0x3000-0x3003 on SMMU #2 */
[0001]                               Type : 01
[0002]                             Length : 0050
[0001]                           Revision : 00
[0004]                           Reserved : 00000000
[0004]                      Mapping Count : 00000002
[0004]                     Mapping Offset : 00000028

[0004]                         Node Flags : 00000000
[0008]                  Memory Properties : [IORT Memory Access Properties]
[0004]                    Cache Coherency : 00000001
[0001]              Hints (decoded below) : 00
                                             Transient : 0
                                        Write Allocate : 0
                                         Read Allocate : 0
                                              Override : 0
[0002]                           Reserved : 0000
[0001]       Memory Flags (decoded below) : 03
                                             Coherency : 1
                                      Device Attribute : 1
[0001]                  Memory Size Limit : 2C
[0010]                        Device Name : "\_SB.ETH0"
[0001]                            Padding : 00

[0004]                         Input base : 00000000
[0004]                           ID Count : 00000000
[0004]                        Output Base : 00002000
[0004]                   Output Reference : 00000048
[0004]              Flags (decoded below) : 00000001
                                        Single Mapping : 1

[0004]                         Input base : 00000000
[0004]                           ID Count : 00000003
[0004]                        Output Base : 00003000
[0004]                   Output Reference : 000000A0
[0004]              Flags (decoded below) : 00000000
                                        Single Mapping : 0

/* 0x1cc: SMMUv2 (MMU-500), one context interrupt */
[0001]                               Type : 03
[0002]                             Length : 0054
[0001]                           Revision : 00
[0004]                           Reserved : 00000000
[0004]                      Mapping Count : 00000000
[0004]                     Mapping Offset : 00000000

[0008]                       Base Address : 0000000160000000
[0008]                               Span : 0000000000010000
[0004]                              Model : 00000003
[0004]              Flags (decoded below) : 00000000
                                         DVM Supported : 0
                                         Coherent Walk : 0
[0004]            Global Interrupt Offset : 0000003C
[0004]            Context Interrupt Count : 00000001
[0004]           Context Interrupt Offset : 0000004C
[0004]                PMU Interrupt Count : 00000000
[0004]               PMU Interrupt Offset : 00000000

[0004]                            NSgIrpt : 00000120
[0004]      NSgIrpt Flags (decoded below) : 00000000
                                        Edge Triggered : 0
[0004]                         NSgCfgIrpt : 00000121
[0004]   NSgCfgIrpt Flags (decoded below) : 00000000
                                        Edge Triggered : 0

[0008]                  Context Interrupt : 0000000000000122

/* 0x220: named component \_SB.GPU0 behind the SMMUv2 */
[0001]                               Type : 01
[0002]                             Length : 003C
[0001]                           Revision : 00
[0004]                           Reserved : 00000000
[0004]                      Mapping Count : 00000001
[0004]                     Mapping Offset : 00000028

[0004]                         Node Flags : 00000000
[0008]                  Memory Properties : [IORT Memory Access Properties]
[0004]                    Cache Coherency : 00000000
[0001]              Hints (decoded below) : 00
                                             Transient : 0
                                        Write Allocate : 0
                                         Read Allocate : 0
                                              Override : 0
[0002]                           Reserved : 0000
[0001]       Memory Flags (decoded below) : 00
                                             Coherency : 0
                                      Device Attribute : 0
[0001]                  Memory Size Limit : 20
[0010]                        Device Name : "\_SB.GPU0"
[0001]                            Padding : 00

[0004]                         Input base : 00000000
[0004]                           ID Count : 00000000
[0004]                        Output Base : 00000005
[0004]                   Output Reference : 000001CC
[0004]              Flags (decoded below) : 00000001
                                        Single Mapping : 1

/* 0x25c: PMCG of SMMU #1 (node revision 1: page 1 base) */
[0001]                               Type : 05
[0002]                             Length : 0028
[0001]                           Revision : 01
[0004]                           Reserved : 00000000
[0004]                      Mapping Count : 00000000
[0004]                     Mapping Offset : 00000000

[0008]                Page 0 Base Address : 0000000170000000
[0004]            Overflow Interrupt GSIV : 00000200
[0004]                     Node Reference : 00000048
[0008]                Page 1 Base Address : 0000000170010000
