using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Boot.Bios;

// Sector reads through the BIOS (int 13h extensions, LBA), with retries, and the
// file-system-neutral file read: a file's bytes go through a 64 KiB bounce buffer in low
// memory and are copied to their place (above 1 MiB too) in protected mode.
internal sealed partial class Stage2RealMode
{
    // Reads per BIOS call: as much of the 64 KiB bounce buffer as a call may ask for (some
    // BIOSes take at most 127 sectors).
    private const int IsoChunkSectors = 31;          // 62 KiB: 124 sectors of 512 bytes
    private const int FatRunSectors = 120;
    private void EmitDiskReads()
    {
        // EAX: device LBA, CX: sectors (<= 127), DX: destination segment (offset 0).
        Bind("read_sectors");
        A.pushad();
        A.mov(Dword(Var.ReadLba), eax);
        A.mov(bp, 3);
        Bind("read_retry");
        A.mov(Byte(LowMemory.DiskAddressPacket), 0x10);
        A.mov(Byte(LowMemory.DiskAddressPacket + 1), 0);
        A.mov(Word(LowMemory.DiskAddressPacket + 2), cx);
        A.mov(Word(LowMemory.DiskAddressPacket + 4), 0);
        A.mov(Word(LowMemory.DiskAddressPacket + 6), dx);
        A.mov(Dword(LowMemory.DiskAddressPacket + 8), eax);
        A.mov(Dword(LowMemory.DiskAddressPacket + 12), 0);
        A.pushad();
        A.mov(si, (ushort)LowMemory.DiskAddressPacket);
        A.mov(dl, Byte(Var.Drive));
        A.mov(ah, 0x42);
        A.@int(0x13);
        A.mov(Byte(Var.Status), ah);
        A.popad();
        A.jnc(L("read_done"));
        A.pushad();
        A.xor(ax, ax);                  // reset the drive, then try again
        A.mov(dl, Byte(Var.Drive));
        A.@int(0x13);
        A.popad();
        A.dec(bp);
        A.jnz(L("read_retry"));
        A.call(L("error_prefix"));
        A.mov(si, Text("disk read error "));
        A.call(L("print"));
        A.movzx(eax, Byte(Var.Status));
        A.call(L("print_hex"));
        A.mov(si, Text(" (int 13h) at sector "));
        A.call(L("print"));
        A.mov(eax, Dword(Var.ReadLba));
        A.call(L("print_dec"));
        A.mov(si, Text(" of drive "));
        A.call(L("print"));
        A.movzx(eax, Byte(Var.Drive));
        A.call(L("print_hex"));
        A.jmp(L("halt_line"));
        Bind("read_done");
        A.popad();
        A.ret();
    }

    private void EmitFileReads()
    {
        // EAX: ISO 9660 LBA (2 KiB sectors), CX: ISO sectors, DX: destination segment.
        Bind("read_iso");
        A.pushad();
        A.push(cx);
        A.mov(cl, Byte(Var.IsoShift));
        A.shl(eax, cl);
        A.pop(bx);
        A.shl(bx, cl);
        A.mov(cx, bx);
        A.call(L("read_sectors"));
        A.popad();
        A.ret();

        // The file found last (Var.FileLocation, Var.FileSize) to linear EDI, at most ECX bytes.
        // Returns EAX = bytes read. A FAT chain that ends early ends the file (directories).
        Bind("read_file");
        A.mov(eax, Dword(Var.FileSize));
        A.cmp(eax, ecx);
        A.jbe(L("read_file_size"));
        A.mov(eax, ecx);
        Bind("read_file_size");
        A.mov(Dword(Var.Remaining), eax);
        A.mov(Dword(Var.Total), eax);
        A.mov(Dword(Var.Destination), edi);
        A.mov(eax, Dword(Var.FileLocation));
        A.mov(Dword(Var.Current), eax);
        Bind("read_file_next");
        A.mov(ecx, Dword(Var.Remaining));
        A.test(ecx, ecx);
        A.jz(L("read_file_done"));
        A.cmp(Byte(Var.FileSystem), 1);
        A.jne(L("read_file_fat"));
        // ISO 9660: contiguous extents, 62 KiB at a time, never past the file's last sector.
        A.add(ecx, 2047);
        A.shr(ecx, 11);
        A.cmp(ecx, IsoChunkSectors);
        A.jbe(L("read_file_iso"));
        A.mov(ecx, IsoChunkSectors);
        Bind("read_file_iso");
        A.mov(eax, Dword(Var.Current));
        A.mov(dx, (ushort)(LowMemory.Bounce >> 4));
        A.call(L("read_iso"));
        A.add(Dword(Var.Current), ecx);
        A.shl(ecx, 11);
        A.jmp(L("read_file_copy"));
        // FAT32: along the chain, consecutive clusters in one read (up to 60 KiB, and no
        // more than the file still needs): a file written in one go is one run.
        Bind("read_file_fat");
        A.mov(eax, Dword(Var.Current));
        A.cmp(eax, 2);
        A.jb(L("read_file_done"));
        A.cmp(eax, 0x0FFFFFF7);
        A.jae(L("read_file_done"));
        A.mov(Dword(Var.RunStart), eax);
        A.mov(Dword(Var.RunLast), eax);
        A.mov(Dword(Var.RunCount), 1);
        Bind("fat_run");
        A.mov(eax, Dword(Var.RunLast));
        A.call(L("fat_next"));
        A.mov(Dword(Var.Current), eax);
        A.mov(edx, Dword(Var.RunLast));
        A.inc(edx);
        A.cmp(eax, edx);
        A.jne(L("fat_run_end"));
        A.mov(eax, Dword(Var.RunCount));
        A.inc(eax);
        A.mul(Dword(Var.SectorsPerCluster));
        A.cmp(eax, FatRunSectors);
        A.ja(L("fat_run_end"));
        A.mov(eax, Dword(Var.RunCount));
        A.mul(Dword(Var.ClusterBytes));
        A.cmp(eax, Dword(Var.Remaining));
        A.jae(L("fat_run_end"));
        A.inc(Dword(Var.RunCount));
        A.mov(eax, Dword(Var.Current));
        A.mov(Dword(Var.RunLast), eax);
        A.jmp(L("fat_run"));
        Bind("fat_run_end");
        A.mov(eax, Dword(Var.RunCount));
        A.mul(Dword(Var.SectorsPerCluster));
        A.mov(cx, ax);
        A.mov(eax, Dword(Var.RunStart));
        A.call(L("cluster_lba"));
        A.mov(dx, (ushort)(LowMemory.Bounce >> 4));
        A.call(L("read_sectors"));
        A.mov(eax, Dword(Var.RunCount));
        A.mul(Dword(Var.ClusterBytes));
        A.mov(ecx, eax);
        Bind("read_file_copy");
        A.cmp(ecx, Dword(Var.Remaining));
        A.jbe(L("read_file_chunk"));
        A.mov(ecx, Dword(Var.Remaining));
        Bind("read_file_chunk");
        A.mov(Dword(Var.Chunk), ecx);
        A.mov(esi, LowMemory.Bounce);
        A.mov(edi, Dword(Var.Destination));
        A.call(L("pm_copy"));
        A.mov(ecx, Dword(Var.Chunk));
        A.add(Dword(Var.Destination), ecx);
        A.sub(Dword(Var.Remaining), ecx);
        A.jmp(L("read_file_next"));
        Bind("read_file_done");
        A.mov(eax, Dword(Var.Total));
        A.sub(eax, Dword(Var.Remaining));
        A.ret();

        // EAX: cluster -> EAX: its first LBA.
        Bind("cluster_lba");
        A.sub(eax, 2);
        A.mul(Dword(Var.SectorsPerCluster));
        A.add(eax, Dword(Var.DataStart));
        A.ret();

        // EAX: cluster -> EAX: the next one in its chain (one FAT sector cached).
        Bind("fat_next");
        A.mov(ebx, eax);
        A.shr(eax, 7);
        A.add(eax, Dword(Var.FatStart));
        A.cmp(eax, Dword(Var.FatCached));
        A.je(L("fat_cached"));
        A.mov(Dword(Var.FatCached), eax);
        A.mov(cx, 1);
        A.mov(dx, (ushort)(LowMemory.FatCache >> 4));
        A.call(L("read_sectors"));
        Bind("fat_cached");
        A.and(bx, 127);
        A.shl(bx, 2);
        A.mov(eax, __dword_ptr[bx + (int)LowMemory.FatCache]);
        A.and(eax, 0x0FFFFFFF);
        A.ret();
    }
}
