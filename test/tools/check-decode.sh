#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# smmuv3-decode against vectors written by hand from IHI 0070 (commands
# 4.x, event records 7.3, STE 5.2, CD 5.4) and the VMSAv8-64 descriptor
# formats, each derivation in the comment above it; and a page-table walk
# in a memory dump built here. Usage: check-decode.sh <smmuv3-decode> <dir>
set -euo pipefail
T=${1:?tool}
dir=${2:?work dir}
mkdir -p "$dir"
fails=0
# expect <expected substring> <tool args...>
expect() {
    local want=$1; shift
    local out
    out=$("$T" "$@" 2>&1) || { echo "FAIL (exit $?): $* -> $out"; fails=$((fails + 1)); return; }
    if [[ "$out" != *"$want"* ]]; then
        echo "FAIL: $*"; echo "  want: $want"; echo "  got:  $out"; fails=$((fails + 1))
    fi
}

# CMD_CFGI_STE (0x03): SID [63:32] = 5; Leaf dw1[0] = 1.
expect "CMD_CFGI_STE sid=0x5 leaf=1" cmd 0x0000000500000003 0x1
# CMD_TLBI_NH_VA (0x12): ASID [63:48] = 5; Address [63:12] = 0x40201,
# Leaf dw1[0] = 1.
expect "CMD_TLBI_NH_VA vmid=0x0 asid=0x5 addr=0x40201000 leaf=1" cmd 0x0005000000000012 0x40201001
# CMD_SYNC (0x46): CS [13:12] = 0b01 (SIG_IRQ), MSIData [63:32] = 0x2a;
# MSIAddr dw1[51:2] = 0x80003004 >> 2.
expect "CMD_SYNC cs=irq msh=0 msiattr=0x0 msidata=0x2a msiaddr=0x80003004" cmd 0x0000002a00001046 0x80003004
# The same as four 32-bit words, low word first.
expect "CMD_SYNC cs=irq" cmd 0x00001046 0x0000002a 0x80003004 0
# An undefined opcode decodes as such.
expect "UNKNOWN op=0xff" cmd 0xff 0

# The QEMU demo's records (examples/qemu-virt, group stage1, on QEMU 7.2:
# the "raw" lines it prints): F_TRANSLATION (0x10) for the edu device at
# 00:02.0, StreamID 0x10 = RID (dev 2 << 3) in [63:32]; a write (RnW [99]
# = 0), InputAddr [191:128] = 0x200000; and F_PERMISSION (0x13) at 0x300000.
#   raw 0x0000001000000010 0x0000000000000000 0x0000000000200000 0x0000000000000000
#   raw 0x0000001000000013 0x0000000000000000 0x0000000000300000 0x0000000000000000
expect "event F_PERMISSION (0x13) sid=0x10" event 0x0000001000000013 0 0x300000 0
expect "input_addr=0x300000" event 0x0000001000000013 0 0x300000 0
expect "event F_TRANSLATION (0x10) sid=0x10" event 0x0000001000000010 0 0x200000 0
expect "input_addr=0x200000" event 0x0000001000000010 0 0x200000 0
expect "rnw=0 ind=0 pnu=0 s2=0" event 0x0000001000000010 0 0x200000 0
# A stage-2 read fault of SID 3: RnW [99] = dw1 bit 35, S2 [103] = bit 39,
# IPA [243:204] in dw3 bits [51:12] = 0x40000000.
expect "rnw=1 ind=0 pnu=0 s2=1" event 0x0000000300000010 0x0000008800000000 0x1000 0x40000000
expect "addr2=0x40000000" event 0x0000000300000010 0x0000008800000000 0x1000 0x40000000
# C_BAD_STE (0x04), SID 2.
expect "event C_BAD_STE (0x04) sid=0x2" event 0x0000000200000004 0 0 0

# PRI page request (IHI 0070 8.1): StreamID [31:0] = 5, SubstreamID
# [51:32] = 0x12, Read [60], Write [61], Last [62], SSV [63]; dw1: PRG
# index [8:0] = 3, page address [63:12] = 0x40001000.
expect "pri sid=0x5 ssid=0x12 grpid=0x3 addr=0x40001000" pri 0xf000001200000005 0x40001003
expect "read=1 write=1 exec=0 priv=0 last=1" pri 0xf000001200000005 0x40001003
# No SSV, read only, privileged [58], not last.
expect "read=1 write=0 exec=0 priv=1 last=0" pri 0x1400000000000007 0x2000

# STE: V [0] = 1, Config [3:1] = 0b101 (stage 1), S1ContextPtr [51:6]:
# word 0 = 0x80010000 | 0xb.
expect "ste valid=1 config=s1" ste 0x8001000b 0 0 0 0 0 0 0
expect "ctxptr=0x80010000 fmt=0 cdmax=0" ste 0x8001000b 0 0 0 0 0 0 0
# Config 0b001 is reserved: ILLEGAL.
expect "ste ILLEGAL: C_BAD_STE" ste 0x3 0 0 0 0 0 0 0
# V = 0.
expect "ste ILLEGAL: C_BAD_STE" ste 0x0 0 0 0 0 0 0 0

# CD: T0SZ [5:0] = 25, TG0 [7:6] = 0 (4K), IR0 [9:8] = 1, OR0 [11:10] = 1,
# SH0 [13:12] = 3, EPD1 [30], V [31], IPS [34:32] = 5, AA64 [41], R [45],
# A [46], ASID [63:48] = 3: 0x0003_6205_c000_3519; TTB0 word 1 [51:4];
# MAIR word 3.
cd_words="0x00036205C0003519 0x80002000 0 0xff 0 0 0 0"
expect "cd valid=1 asid=3 aa64=1 ips=5 r=1 a=1" cd $cd_words
expect "ttb0=0x80002000 t0sz=25 tg0=0 irgn0=1 orgn0=1 sh0=3" cd $cd_words
expect "cd ILLEGAL: C_BAD_CD" cd 0 0 0 0 0 0 0 0

# Descriptors, stage 1, 4K granule:
# level-3 page: [1:0] = 0b11, AttrIndx 0, AP [7:6] = 0b01 (EL0 and EL1 RW),
# SH [9:8] = 3, AF [10], nG [11] = 0, OA 0x80001000, PXN [53], UXN [54].
expect "PA 0x80001000 size 2^12 level 3" pte 3 0x0060000080001743
expect "unpriv rw- priv rw- global=1" pte 3 0x0060000080001743
# AP[2] [7] = 1: read-only; nG = 1.
expect "unpriv r-- priv r-- global=0" pte 3 0x0060000080001ec3
# level-2 table descriptor: next-level table at 0x80001000.
expect "table: next level at PA 0x80001000" pte 2 0x80001003
# level-1 block (1 GiB) at 0x40000000, AP = 0b00 (EL1 only), executable.
expect "PA 0x40000000 size 2^30 level 1" pte 1 0x40000701
expect "unpriv --x priv rwx" pte 1 0x40000701
# Invalid ([0] = 0) and a level-3 "block" (0b01, reserved): faults.
expect "fault F_TRANSLATION" pte 3 0x80001742
expect "fault F_TRANSLATION" pte 3 0x80001741
# Stage 2, level-3 page: S2AP [7:6] = 0b11, MemAttr [5:2] = 0b1111, SH 3,
# AF, XN [54] = 0.
expect "PA 0x80004000 size 2^12 level 3" --stage 2 pte 3 0x04000000800047ff
expect "unpriv rwx priv rwx" --stage 2 pte 3 0x04000000800047ff
# 64K granule level-3 page at 0x90010000.
expect "PA 0x90010000 size 2^16 level 3" --granule 64k pte 3 0x90010743

# A page-table dump: 4 tables at PA 0x80000000.. (4K each), 48-bit VA,
# start level 0. L0[0] -> 0x80001000; L1[1] (VA[38:30] = 1) ->
# 0x80002000; L2[0] -> 0x80003000; L3[2] = page 0x90002000, RW.
# VA 0x40002abc = L0 0, L1 1, L2 0, L3 2, offset 0xabc -> PA 0x90002abc.
dump="$dir/tables.bin"
head -c 16384 /dev/zero >"$dump"
put() { # put <offset> <64-bit value>: little-endian
    local off=$1 v=$2 i s=""
    for i in 0 1 2 3 4 5 6 7; do s+=$(printf '\\x%02x' $(((v >> (8 * i)) & 0xff))); done
    printf "$s" | dd of="$dump" bs=1 seek="$off" conv=notrunc status=none
}
put 0 $((0x80001003))
put $((0x1000 + 8 * 1)) $((0x80002003))
put $((0x2000 + 8 * 0)) $((0x80003003))
put $((0x3000 + 8 * 2)) $((0x90002743))
expect "-> PA 0x90002abc size 2^12 level 3" walk "$dump" 0x80000000 0x80000000 0x40002abc
expect "read PA 0x80001008 = 0x0000000080002003" walk "$dump" 0x80000000 0x80000000 0x40002abc
expect "read PA 0x80003010 = 0x0000000090002743" walk "$dump" 0x80000000 0x80000000 0x40002abc
# L3[3] is empty: a translation fault at level 3.
expect "fault F_TRANSLATION (0x10) level 3" walk "$dump" 0x80000000 0x80000000 0x40003000
# A table pointer outside the dump: named.
put $((0x1000 + 8 * 2)) $((0x7000003))
expect "not in the dump" walk "$dump" 0x80000000 0x80000000 0x80000000

# Malformed input is refused (exit status 1).
if "$T" event 1 2 3 >/dev/null 2>&1; then echo "FAIL: 3 words accepted as an event"; fails=$((fails + 1)); fi
if [ $fails -ne 0 ]; then echo "smmuv3-decode: $fails check(s) failed"; exit 1; fi
echo "smmuv3-decode: all vectors decode as expected"
