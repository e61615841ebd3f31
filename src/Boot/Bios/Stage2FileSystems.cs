using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Boot.Bios;

// Which file system the boot drive holds, and finding a name in /boot.
//   ISO 9660 (a CD: 2 KiB sectors; the same image on a stick: 512-byte sectors, LBA x 4):
//     the primary volume descriptor at ISO sector 16 ("\x01CD001"), its root directory record at
//     156 (extent LBA at +2, size at +10). Directory records: length +0 (0: the rest of the
//     sector is padding), extent +2, size +10, name length +32, name +33. Names match
//     case-insensitively once ";1" and a trailing "." are dropped ("VM.;1" is vm), or by their
//     Rock Ridge NM name.
//   FAT32 (a partitionless volume at LBA 0, 512-byte sectors): BPB fields 0x0b bytes per
//     sector, 0x0d sectors per cluster, 0x0e reserved sectors, 0x10 FATs, 0x24 FAT size,
//     0x2c root cluster, "FAT32   " at 0x52. Directory entries (32 bytes): VFAT long-name
//     entries (attribute 0x0f; order +0, 13 UCS-2 characters at 1,3,..,30, checksum +13)
//     before their 8.3 entry (cluster high +20, low +26, size +28). A long name counts only
//     when its checksum matches the 8.3 entry's; both names are tried, case-insensitively.
internal sealed partial class Stage2RealMode
{
    private void EmitFileSystemDetection()
    {
        Bind("detect_file_system");
        A.cmp(Byte(Var.FromCd), 1);
        A.je(L("probe_iso"));
        // A disk: 512-byte sectors unless the BIOS says 2 KiB.
        A.mov(Byte(Var.IsoShift), 2);
        A.mov(Word(LowMemory.DriveParameters), 0x1E);
        A.pushad();
        A.mov(si, (ushort)LowMemory.DriveParameters);
        A.mov(dl, Byte(Var.Drive));
        A.mov(ah, 0x48);
        A.@int(0x13);
        A.popad();
        A.jc(L("probe_iso"));
        A.cmp(Word(LowMemory.DriveParameters + 0x18), 2048);
        A.jne(L("probe_iso"));
        A.mov(Byte(Var.IsoShift), 0);
        Bind("probe_iso");
        A.mov(eax, 16);
        A.mov(cx, 1);
        A.mov(dx, (ushort)(LowMemory.Bounce >> 4));
        A.call(L("read_iso"));
        A.mov(ax, (ushort)(LowMemory.Bounce >> 4));
        A.mov(es, ax);
        A.cmp(__byte_ptr.es[0], 1);
        A.jne(L("probe_fat"));
        A.cmp(__dword_ptr.es[1], 0x30304443);          // "CD00"
        A.jne(L("probe_fat"));
        A.cmp(__byte_ptr.es[5], (byte)'1');
        A.jne(L("probe_fat"));
        A.mov(Byte(Var.FileSystem), 1);
        A.mov(eax, __dword_ptr.es[156 + 2]);
        A.mov(Dword(Var.FileLocation), eax);
        A.mov(eax, __dword_ptr.es[156 + 10]);
        A.mov(Dword(Var.FileSize), eax);
        A.mov(si, Text("loader: ISO 9660 file system"));
        A.jmp(L("print_line"));

        Bind("probe_fat");
        A.cmp(Byte(Var.IsoShift), 2);
        A.jne(L("no_file_system"));
        A.xor(eax, eax);
        A.mov(cx, 1);
        A.mov(dx, (ushort)(LowMemory.Bounce >> 4));
        A.call(L("read_sectors"));
        A.mov(ax, (ushort)(LowMemory.Bounce >> 4));
        A.mov(es, ax);
        A.cmp(__dword_ptr.es[0x52], 0x33544146);       // "FAT3"
        A.jne(L("no_file_system"));
        A.cmp(__byte_ptr.es[0x56], (byte)'2');
        A.jne(L("no_file_system"));
        A.cmp(__word_ptr.es[0x0B], 512);
        A.jne(L("no_file_system"));
        A.movzx(eax, __word_ptr.es[0x0E]);
        A.mov(Dword(Var.FatStart), eax);
        A.movzx(ecx, __byte_ptr.es[0x10]);
        A.mov(eax, __dword_ptr.es[0x24]);
        A.mul(ecx);
        A.add(eax, Dword(Var.FatStart));
        A.mov(Dword(Var.DataStart), eax);
        A.movzx(eax, __byte_ptr.es[0x0D]);
        A.test(eax, eax);
        A.jz(L("no_file_system"));
        A.cmp(eax, 64);                                // clusters up to 32 KiB: half the bounce buffer
        A.ja(L("no_file_system"));
        A.mov(Dword(Var.SectorsPerCluster), eax);
        A.shl(eax, 9);
        A.mov(Dword(Var.ClusterBytes), eax);
        A.mov(eax, __dword_ptr.es[0x2C]);
        A.mov(Dword(Var.FileLocation), eax);
        A.mov(Dword(Var.FileSize), uint.MaxValue);
        A.mov(Dword(Var.FatCached), uint.MaxValue);
        A.mov(Byte(Var.FileSystem), 2);
        A.mov(si, Text("loader: FAT32 file system"));
        A.jmp(L("print_line"));

        Bind("no_file_system");
        A.mov(si, Text("no ISO 9660 or FAT32 (512-byte sectors, no partition table) file system on the boot drive"));
        A.jmp(L("fail"));

        // The root directory (found by detection) into the buffer, then /boot over it.
        Bind("open_boot_directory");
        A.call(L("read_directory"));
        A.mov(si, Text("boot"));
        A.call(L("find"));
        A.jnc(L("read_directory"));
        A.mov(si, Text("/boot is missing"));
        A.jmp(L("fail"));

        Bind("read_directory");
        A.mov(edi, LowMemory.Directory);
        A.mov(ecx, (uint)LowMemory.DirectoryMax);
        A.call(L("read_file"));
        A.mov(Dword(Var.DirectorySize), eax);
        A.ret();

        // SI: a name (ending at a space, control character or NUL) to find in the directory
        // buffer. CF clear when found, with Var.FileLocation and Var.FileSize set.
        Bind("find");
        A.mov(ax, (ushort)(LowMemory.Directory >> 4));
        A.mov(es, ax);
        A.xor(bx, bx);
        A.cmp(Byte(Var.FileSystem), 1);
        A.jne(L("fat_find"));
        A.jmp(L("iso_find"));

        // SI: the wanted name; NameBuffer: a candidate. ZF set when equal ignoring case.
        Bind("compare_name");
        A.push(si);
        A.push(di);
        A.mov(di, (ushort)LowMemory.NameBuffer);
        Bind("compare_next");
        A.mov(al, __byte_ptr[si]);
        A.mov(ah, __byte_ptr[di]);
        A.cmp(al, 0x20);
        A.ja(L("compare_lower_a"));
        A.xor(al, al);
        Bind("compare_lower_a");
        LowerCase(al, "compare_lower_b");
        A.xchg(al, ah);
        LowerCase(al, "compare_lower_c");
        A.cmp(al, ah);
        A.jne(L("compare_end"));
        A.inc(si);
        A.inc(di);
        A.test(al, al);
        A.jnz(L("compare_next"));
        Bind("compare_end");
        A.pop(di);
        A.pop(si);
        A.ret();
    }

    private void LowerCase(Iced.Intel.AssemblerRegister8 register, string done)
    {
        A.cmp(register, (byte)'A');
        A.jb(L(done));
        A.cmp(register, (byte)'Z');
        A.ja(L(done));
        A.add(register, 0x20);
        Bind(done);
        A.nop();
    }

    private void EmitIsoFind()
    {
        Bind("iso_find");
        A.movzx(eax, bx);
        A.cmp(eax, Dword(Var.DirectorySize));
        A.jae(L("find_missing"));
        A.mov(al, __byte_ptr.es[bx]);
        A.test(al, al);
        A.jnz(L("iso_record"));
        A.add(bx, 2048);                // records never cross a sector: on to the next
        A.and(bx, 0xF800);
        A.jz(L("find_missing"));
        A.jmp(L("iso_find"));
        Bind("iso_record");
        A.movzx(cx, __byte_ptr.es[bx + 32]);
        A.push(si);
        A.xor(si, si);
        A.mov(di, (ushort)LowMemory.NameBuffer);
        Bind("iso_name_copy");
        A.cmp(si, cx);
        A.jae(L("iso_name_end"));
        A.mov(al, __byte_ptr.es[bx + si + 33]);
        A.cmp(al, (byte)';');
        A.je(L("iso_name_end"));
        A.mov(__byte_ptr[di], al);
        A.inc(di);
        A.inc(si);
        A.jmp(L("iso_name_copy"));
        Bind("iso_name_end");
        A.cmp(di, (ushort)LowMemory.NameBuffer);
        A.je(L("iso_name_done"));
        A.cmp(__byte_ptr[di - 1], (byte)'.');
        A.jne(L("iso_name_done"));
        A.dec(di);
        Bind("iso_name_done");
        A.mov(__byte_ptr[di], 0);
        A.pop(si);
        A.call(L("compare_name"));
        A.je(L("iso_found"));
        EmitRockRidgeName();
        Bind("iso_next_record");
        A.movzx(ax, __byte_ptr.es[bx]);
        A.add(bx, ax);
        A.jmp(L("iso_find"));
        Bind("iso_found");
        A.mov(eax, __dword_ptr.es[bx + 2]);
        A.mov(Dword(Var.FileLocation), eax);
        A.mov(eax, __dword_ptr.es[bx + 10]);
        A.mov(Dword(Var.FileSize), eax);
        A.clc();
        A.ret();

        Bind("find_missing");
        A.stc();
        A.ret();
    }

    // Rock Ridge: an "NM" entry (+2 length, +4 flags, +5 the name) in the record's System Use
    // area, which starts after the name and its padding byte, names the file in full where the
    // primary identifier was cut to 8.3. Entries in continuation areas (CE) are not read.
    private void EmitRockRidgeName()
    {
        A.movzx(di, __byte_ptr.es[bx + 32]);
        A.test(di, 1);
        A.jnz(L("rr_odd"));
        A.inc(di);
        Bind("rr_odd");
        A.add(di, 33);
        A.movzx(dx, __byte_ptr.es[bx]);
        Bind("rr_entry");
        A.lea(ax, __[di + 5]);
        A.cmp(ax, dx);
        A.ja(L("iso_next_record"));
        A.cmp(__word_ptr.es[bx + di], 0x4D4E);           // "NM"
        A.jne(L("rr_skip"));
        A.cmp(__byte_ptr.es[bx + di + 4], 0);            // no continuation or "."/".." flags
        A.jne(L("rr_skip"));
        A.movzx(cx, __byte_ptr.es[bx + di + 2]);
        A.sub(cx, 5);
        A.jbe(L("rr_skip"));
        A.push(si);
        A.push(di);
        A.lea(si, __[di + 5]);
        A.mov(di, (ushort)LowMemory.NameBuffer);
        Bind("rr_copy");
        A.mov(al, __byte_ptr.es[bx + si]);
        A.mov(__byte_ptr[di], al);
        A.inc(si);
        A.inc(di);
        A.loop(L("rr_copy"));
        A.mov(__byte_ptr[di], 0);
        A.pop(di);
        A.pop(si);
        A.call(L("compare_name"));
        A.je(L("iso_found"));
        Bind("rr_skip");
        A.movzx(ax, __byte_ptr.es[bx + di + 2]);
        A.test(ax, ax);
        A.jz(L("iso_next_record"));
        A.add(di, ax);
        A.jmp(L("rr_entry"));
    }

    private void EmitFatFind()
    {
        Bind("fat_find");
        A.mov(Byte(Var.LfnValid), 0);
        Bind("fat_entry");
        A.movzx(eax, bx);
        A.cmp(eax, Dword(Var.DirectorySize));
        A.jae(L("find_missing"));
        A.mov(al, __byte_ptr.es[bx]);
        A.test(al, al);
        A.jz(L("find_missing"));                 // the end of the directory
        A.cmp(al, 0xE5);
        A.je(L("fat_forget"));                   // a deleted entry
        A.mov(ah, __byte_ptr.es[bx + 11]);
        A.cmp(ah, 0x0F);
        A.jne(L("fat_short"));
        // A long-name entry: the one flagged 0x40 comes first and ends the name.
        A.test(al, 0x40);
        A.jz(L("fat_lfn_part"));
        A.mov(Byte(Var.LfnValid), 1);
        A.mov(dl, __byte_ptr.es[bx + 13]);
        A.mov(Byte(Var.LfnSum), dl);
        A.push(ax);
        A.and(al, 0x1F);
        A.mov(ah, 13);
        A.mul(ah);
        A.mov(di, ax);
        A.mov(__byte_ptr[di + (int)LowMemory.NameBuffer], 0);
        A.pop(ax);
        Bind("fat_lfn_part");
        A.mov(dl, __byte_ptr.es[bx + 13]);
        A.cmp(dl, Byte(Var.LfnSum));
        A.jne(L("fat_forget"));
        A.and(al, 0x1F);
        A.jz(L("fat_forget"));
        A.cmp(al, 20);                            // 20 x 13 characters: past the 255 allowed
        A.ja(L("fat_forget"));
        A.dec(al);
        A.mov(ah, 13);
        A.mul(ah);
        A.mov(di, ax);
        A.add(di, (ushort)LowMemory.NameBuffer);
        A.push(si);
        A.mov(bp, Address16("lfn_offsets"));
        A.mov(cx, 13);
        Bind("fat_lfn_char");
        A.movzx(si, __byte_ptr[bp]);             // SS = DS = 0
        A.mov(ax, __word_ptr.es[bx + si]);
        A.test(ah, ah);
        A.jz(L("fat_lfn_store"));
        A.mov(al, (byte)'?');                    // beyond Latin-1's first half: never one of ours
        Bind("fat_lfn_store");
        A.mov(__byte_ptr[di], al);
        A.inc(di);
        A.inc(bp);
        A.loop(L("fat_lfn_char"));
        A.pop(si);
        A.jmp(L("fat_advance"));

        Bind("fat_short");
        A.test(ah, 0x08);                        // a volume label
        A.jnz(L("fat_forget"));
        A.cmp(Byte(Var.LfnValid), 1);
        A.jne(L("fat_short_name"));
        A.push(si);
        A.xor(si, si);
        A.xor(dl, dl);
        Bind("fat_checksum");
        A.ror(dl, 1);
        A.add(dl, __byte_ptr.es[bx + si]);
        A.inc(si);
        A.cmp(si, 11);
        A.jb(L("fat_checksum"));
        A.pop(si);
        A.cmp(dl, Byte(Var.LfnSum));
        A.jne(L("fat_short_name"));
        A.call(L("compare_name"));
        A.je(L("fat_found"));
        Bind("fat_short_name");
        // "NAME    EXT" -> "NAME.EXT"
        A.push(si);
        A.mov(di, (ushort)LowMemory.NameBuffer);
        A.xor(si, si);
        Bind("fat_base");
        A.cmp(si, 8);
        A.jae(L("fat_base_end"));
        A.mov(al, __byte_ptr.es[bx + si]);
        A.cmp(al, (byte)' ');
        A.je(L("fat_base_end"));
        A.mov(__byte_ptr[di], al);
        A.inc(di);
        A.inc(si);
        A.jmp(L("fat_base"));
        Bind("fat_base_end");
        A.cmp(__byte_ptr.es[bx + 8], (byte)' ');
        A.je(L("fat_name_end"));
        A.mov(__byte_ptr[di], (byte)'.');
        A.inc(di);
        A.mov(si, 8);
        Bind("fat_extension");
        A.cmp(si, 11);
        A.jae(L("fat_name_end"));
        A.mov(al, __byte_ptr.es[bx + si]);
        A.cmp(al, (byte)' ');
        A.je(L("fat_name_end"));
        A.mov(__byte_ptr[di], al);
        A.inc(di);
        A.inc(si);
        A.jmp(L("fat_extension"));
        Bind("fat_name_end");
        A.mov(__byte_ptr[di], 0);
        A.pop(si);
        A.call(L("compare_name"));
        A.je(L("fat_found"));
        Bind("fat_forget");
        A.mov(Byte(Var.LfnValid), 0);
        Bind("fat_advance");
        A.add(bx, 32);
        A.jz(L("find_missing"));
        A.jmp(L("fat_entry"));

        Bind("fat_found");
        A.movzx(eax, __word_ptr.es[bx + 20]);
        A.shl(eax, 16);
        A.mov(ax, __word_ptr.es[bx + 26]);
        A.mov(Dword(Var.FileLocation), eax);
        A.mov(eax, __dword_ptr.es[bx + 28]);
        A.test(__byte_ptr.es[bx + 11], 0x10);
        A.jz(L("fat_found_file"));
        A.mov(eax, uint.MaxValue);               // a directory: its chain says how long it is
        Bind("fat_found_file");
        A.mov(Dword(Var.FileSize), eax);
        A.clc();
        A.ret();
    }
}
