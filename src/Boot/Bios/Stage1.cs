using System.Collections.Generic;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Boot.Bios;

/// <summary>
/// Stage 1, the code the BIOS loads from sector 0 of a disk at 0x7c00 (DL = drive): it reads
/// stage 2 by LBA (int 13h AH=42h) to 0x8000 and jumps there with DL unchanged. The same code
/// serves an MBR (the hybrid ISO on a stick: code from byte 0) and a FAT32 boot sector (code
/// after the BPB, at 0x5a). The image writer patches where stage 2 lies into the sector:
///   0x1a8 u64 LBA of stage 2's first 512-byte sector, 0x1b0 u16 its length in sectors.
/// In an MBR, bytes 0x1b8-0x1fd (disk signature, partition table) belong to the writer.
/// </summary>
internal sealed class Stage1 : FlatAssembler
{
    private readonly int _codeOffset;

    private Stage1(int codeOffset, IReadOnlyDictionary<string, uint> previous)
        : base(16, LowMemory.BootSector + (uint)codeOffset, previous)
    {
        _codeOffset = codeOffset;
    }

    public static byte[] Build(int codeOffset)
    {
        var (code, _) = Build(previous => new Stage1(codeOffset, previous).Assemble());
        if (codeOffset + code.Length > BiosLoader.Stage2LbaOffset)
            throw new System.InvalidOperationException($"stage 1 is {code.Length} bytes from {codeOffset:x}: past 0x{BiosLoader.Stage2LbaOffset:x}");
        var sector = new byte[512];
        code.CopyTo(sector, codeOffset);
        if (codeOffset > 0)
        {
            // jmp short over the BPB; nop (the FAT specification's form of the first 3 bytes).
            sector[0] = 0xEB;
            sector[1] = (byte)(codeOffset - 2);
            sector[2] = 0x90;
        }
        sector[510] = 0x55;
        sector[511] = 0xAA;
        return sector;
    }

    protected override void Emit()
    {
        uint lba = LowMemory.BootSector + BiosLoader.Stage2LbaOffset;
        uint count = LowMemory.BootSector + BiosLoader.Stage2SectorsOffset;
        A.cli();
        A.xor(ax, ax);
        A.mov(ds, ax);
        A.mov(es, ax);
        A.mov(ss, ax);
        A.mov(sp, (ushort)LowMemory.StackTop);
        A.sti();
        A.cld();
        A.jmp(0, Address16("start"));          // some BIOSes jump to 07c0:0000
        Bind("start");
        A.mov(__byte_ptr[(long)Var.Drive], dl);
        foreach (var (port, value) in new (ushort, byte)[] { (0x3FB, 0x80), (0x3F8, 0x01), (0x3F9, 0x00), (0x3FB, 0x03) })
        {
            A.mov(dx, port);
            A.mov(al, value);
            A.@out(dx, al);
        }
        A.mov(ah, 0x41);
        A.mov(bx, 0x55AA);
        A.mov(dl, __byte_ptr[(long)Var.Drive]);
        A.@int(0x13);
        A.mov(si, Text("Minix3.Cosmos boot: no BIOS disk extensions"));
        A.jc(L("fail"));
        A.cmp(bx, 0xAA55);
        A.jne(L("fail"));
        A.mov(eax, __dword_ptr[(long)lba]);
        A.mov(ebp, __dword_ptr[(long)lba + 4]);
        A.mov(di, __word_ptr[(long)count]);
        A.mov(si, Text("Minix3.Cosmos boot: stage 2 is not installed"));
        A.test(di, di);
        A.jz(L("fail"));
        A.mov(bx, (ushort)(LowMemory.Stage2 >> 4));
        Bind("read");
        A.mov(cx, di);
        A.cmp(cx, 32);
        A.jbe(L("read_count"));
        A.mov(cx, 32);
        Bind("read_count");
        // The disk address packet, on the stack: size, count, offset:segment, LBA.
        A.push(ebp);
        A.push(eax);
        A.push(bx);
        A.push((ushort)0);
        A.push(cx);
        A.push((ushort)0x10);
        A.mov(si, sp);
        A.mov(dl, __byte_ptr[(long)Var.Drive]);
        A.mov(ah, 0x42);
        A.@int(0x13);
        A.jc(L("read_error"));
        A.mov(eax, __dword_ptr[si + 8]);
        A.add(sp, 16);
        A.movzx(ecx, cx);
        A.add(eax, ecx);
        A.adc(ebp, 0);
        A.shl(cx, 5);
        A.add(bx, cx);
        A.shr(cx, 5);
        A.sub(di, cx);
        A.jnz(L("read"));
        A.mov(dl, __byte_ptr[(long)Var.Drive]);
        A.jmp(0, (ushort)LowMemory.Stage2);
        Bind("read_error");
        A.mov(si, Text("Minix3.Cosmos boot: disk read error"));
        Bind("fail");
        A.lodsb();
        A.test(al, al);
        A.jz(L("halt"));
        A.mov(cl, al);
        A.mov(dx, 0x3FD);
        Bind("wait");
        A.@in(al, dx);
        A.test(al, 0x20);
        A.jz(L("wait"));
        A.mov(dx, 0x3F8);
        A.mov(al, cl);
        A.@out(dx, al);
        A.mov(ah, 0x0E);
        A.mov(bx, 7);
        A.@int(0x10);
        A.jmp(L("fail"));
        Bind("halt");
        A.cli();
        A.hlt();
        A.jmp(L("halt"));
        EmitStrings();
    }
}
