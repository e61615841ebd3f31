namespace Internal.Runtime.Exceptions
{
    // One FDE of .eh_frame, decoded, with what its CIE contributes.
    internal unsafe struct FrameDescription
    {
        internal ulong Start;                 // the code range it covers: [Start, End)
        internal ulong End;
        internal byte* Lsda;                  // ilc's per-frame record (MethodEHInfo), or null
        internal byte* Instructions;          // the FDE's CFI program
        internal byte* InstructionsEnd;
        internal byte* CieInstructions;       // the CIE's initial program
        internal byte* CieInstructionsEnd;
        internal ulong CodeAlignment;
        internal long DataAlignment;
        internal uint ReturnColumn;
    }

    // DWARF call-frame information (.eh_frame, as ilc emits it and lld links
    // it) for x86-64. Contract with ilc 10: one CIE, version 1, augmentation
    // "zLR" with pointer encodings pcrel|sdata4, code alignment 1, data
    // alignment -8, return address column 16, initial rule CFA = rsp+8 and
    // return address at CFA-8; each method body and each funclet has its own
    // FDE whose LSDA pointer is never omitted. The programs describe prologs
    // only (rsp adjustments, pushes, rbp as CFA register), so a frame can be
    // unwound at any call site or faulting instruction after its prolog.
    // Records are found by a linear scan (lld writes no .eh_frame_hdr into a
    // static image); exceptions are rare and the kernel has a few hundred FDEs.
    internal static unsafe class DwarfUnwinder
    {
        // DWARF x86-64 register numbers.
        private const uint Rbx = 3, Rbp = 6, Rsp = 7, R12 = 12, R15 = 15, ReturnAddress = 16;
        private const int Tracked = 17;
        // A frame larger than this is a corrupt CFA, not a real frame.
        private const ulong MaxFrameSize = 1 << 20;

        // Finds the FDE covering `pc` (exactStart: the FDE starting at `pc`).
        internal static bool FindFrame(in ExceptionTables tables, ulong pc, bool exactStart, out FrameDescription frame)
        {
            frame = default;
            var reader = new TableReader(tables.EhFrameStart, tables.EhFrameEnd, tables.EhFrameStart);
            byte* cachedCie = null;
            FrameDescription cie = default;
            byte lsdaEncoding = TableReader.PointerOmitted, pointerEncoding = 0;
            while (!reader.AtEnd)
            {
                byte* record = reader.Position;
                uint length = reader.ReadUInt32();
                if (length == 0)
                    break;                    // a terminator, if the linker left one
                if (length == 0xFFFFFFFF)
                    Corrupt.Fail("64-bit DWARF records are not supported");
                byte* next = reader.Position + length;
                byte* idField = reader.Position;
                uint id = reader.ReadUInt32();
                if (id != 0)
                {
                    byte* cieAddress = idField - id;
                    if (cieAddress != cachedCie)
                    {
                        ReadCie(tables, cieAddress, out cie, out lsdaEncoding, out pointerEncoding);
                        cachedCie = cieAddress;
                    }
                    ulong start = reader.ReadEncodedPointer(pointerEncoding);
                    ulong size = reader.ReadEncodedPointer((byte)(pointerEncoding & 0x0F));
                    bool match = exactStart ? pc == start : pc >= start && pc - start < size;
                    if (match)
                    {
                        frame = cie;
                        frame.Start = start;
                        frame.End = start + size;
                        ulong augmentationLength = reader.ReadULeb128();
                        byte* instructions = reader.Position + (nint)augmentationLength;
                        frame.Lsda = (byte*)reader.ReadEncodedPointer(lsdaEncoding);
                        reader.Seek(instructions);
                        reader.Seek(next);    // checks the record lies in the section
                        frame.Instructions = instructions;
                        frame.InstructionsEnd = next;
                        return true;
                    }
                }
                reader.Seek(next);
            }
            return false;
        }

        // The CIE's fields; only the augmentations ilc and lld produce
        // ("z" first, then any of "L", "R", "P", "S") are understood.
        private static void ReadCie(in ExceptionTables tables, byte* cie, out FrameDescription info, out byte lsdaEncoding, out byte pointerEncoding)
        {
            info = default;
            lsdaEncoding = TableReader.PointerOmitted;
            pointerEncoding = 0;
            var reader = new TableReader(tables.EhFrameStart, tables.EhFrameEnd, cie);
            uint length = reader.ReadUInt32();
            byte* end = reader.Position + length;
            if (length == 0 || length == 0xFFFFFFFF || reader.ReadUInt32() != 0)
                Corrupt.Fail("an FDE refers to something that is not a CIE");
            byte version = reader.ReadByte();
            if (version != 1 && version != 3)
                Corrupt.Fail("unsupported CIE version");
            byte* augmentation = reader.Position;
            while (reader.ReadByte() != 0) { }
            info.CodeAlignment = reader.ReadULeb128();
            info.DataAlignment = reader.ReadSLeb128();
            info.ReturnColumn = version == 1 ? reader.ReadByte() : (uint)reader.ReadULeb128();
            // ilc's CIE always has augmentation data ("z"): FDEs then carry its length.
            if (*augmentation != (byte)'z')
                Corrupt.Fail("unsupported CIE augmentation");
            ulong dataLength = reader.ReadULeb128();
            byte* dataEnd = reader.Position + (nint)dataLength;
            for (byte* a = augmentation + 1; *a != 0; a++)
            {
                if (*a == (byte)'L')
                    lsdaEncoding = reader.ReadByte();
                else if (*a == (byte)'R')
                    pointerEncoding = reader.ReadByte();
                else if (*a == (byte)'P')
                    reader.ReadEncodedPointer(reader.ReadByte());
                else if (*a != (byte)'S')
                    Corrupt.Fail("unsupported CIE augmentation");
            }
            reader.Seek(dataEnd);
            info.CieInstructions = reader.Position;
            reader.Seek(end);
            info.CieInstructionsEnd = end;
        }

        // The rules in force at one address: CFA = register + offset; a
        // register with its bit in Saved lives at CFA + Offset[register].
        private struct Rules
        {
            internal uint CfaRegister;
            internal long CfaOffset;
            internal uint Saved;
            internal fixed long Offset[Tracked];
        }

        // Replaces `context` (the frame executing at `pc`) by its caller's.
        // `pc` is the exact instruction for a faulting frame and the return
        // address minus one otherwise (the call itself, which also keeps a
        // call ending the function inside its own FDE).
        internal static void Unwind(in ExceptionTables tables, in FrameDescription frame, ulong pc, ref RegisterContext context)
        {
            Rules initial = default;
            Run(tables, frame, frame.CieInstructions, frame.CieInstructionsEnd, ulong.MaxValue, ref initial, ref initial);
            Rules rules = initial;
            Run(tables, frame, frame.Instructions, frame.InstructionsEnd, pc, ref rules, ref initial);

            ulong cfa = (rules.CfaRegister == Rsp ? context.Rsp : rules.CfaRegister == Rbp ? context.Rbp : Unsupported()) + (ulong)rules.CfaOffset;
            if (cfa <= context.Rsp || cfa - context.Rsp > MaxFrameSize || (cfa & 7) != 0)
                Corrupt.Fail("a frame's CFA is not above its stack pointer");
            ulong returnAddress = Load(ref rules, ReturnAddress, cfa, context, 0);
            context.Rbx = Load(ref rules, Rbx, cfa, context, context.Rbx);
            context.Rbp = Load(ref rules, Rbp, cfa, context, context.Rbp);
            context.R12 = Load(ref rules, R12, cfa, context, context.R12);
            context.R13 = Load(ref rules, R12 + 1, cfa, context, context.R13);
            context.R14 = Load(ref rules, R12 + 2, cfa, context, context.R14);
            context.R15 = Load(ref rules, R15, cfa, context, context.R15);
            context.Rsp = cfa;
            context.Rip = returnAddress;
        }

        // A saved register's slot must lie in the frame being unwound.
        private static ulong Load(ref Rules rules, uint register, ulong cfa, in RegisterContext context, ulong unchanged)
        {
            if ((rules.Saved & (1u << (int)register)) == 0)
                return unchanged;
            ulong slot = cfa + (ulong)rules.Offset[register];
            if (slot < context.Rsp || slot > cfa - 8 || (slot & 7) != 0)
                Corrupt.Fail("a saved register lies outside its frame");
            return *(ulong*)slot;
        }

        private static ulong Unsupported()
        {
            Corrupt.Fail("a CFA based on a register other than rsp or rbp");
            return 0;
        }

        // Executes a CFI program up to the row that contains `pc`.
        private static void Run(in ExceptionTables tables, in FrameDescription frame, byte* program, byte* end, ulong pc, ref Rules rules, ref Rules initial)
        {
            var reader = new TableReader(tables.EhFrameStart, end, program);
            ulong location = frame.Start;
            while (!reader.AtEnd)
            {
                byte op = reader.ReadByte();
                uint low = (uint)(op & 0x3F);
                ulong advance = 0;
                switch (op & 0xC0)
                {
                    case 0x40: advance = low; break;                                           // advance_loc
                    case 0x80: Save(ref rules, low, (long)reader.ReadULeb128() * frame.DataAlignment); continue; // offset
                    case 0xC0: Restore(ref rules, ref initial, low); continue;                 // restore
                }
                if ((op & 0xC0) == 0)
                {
                    switch (op)
                    {
                        case 0x00: continue;                                                    // nop
                        case 0x02: advance = reader.ReadByte(); break;                          // advance_loc1
                        case 0x03: advance = reader.ReadUInt16(); break;                        // advance_loc2
                        case 0x04: advance = reader.ReadUInt32(); break;                        // advance_loc4
                        case 0x05: Save(ref rules, Register(ref reader), (long)reader.ReadULeb128() * frame.DataAlignment); continue;
                        case 0x06: Restore(ref rules, ref initial, Register(ref reader)); continue;
                        case 0x07:                                                              // undefined
                        case 0x08: Forget(ref rules, Register(ref reader)); continue;           // same_value
                        case 0x0C: rules.CfaRegister = Register(ref reader); rules.CfaOffset = (long)reader.ReadULeb128(); continue;
                        case 0x0D: rules.CfaRegister = Register(ref reader); continue;
                        case 0x0E: rules.CfaOffset = (long)reader.ReadULeb128(); continue;
                        case 0x11: Save(ref rules, Register(ref reader), reader.ReadSLeb128() * frame.DataAlignment); continue;
                        case 0x12: rules.CfaRegister = Register(ref reader); rules.CfaOffset = reader.ReadSLeb128() * frame.DataAlignment; continue;
                        case 0x13: rules.CfaOffset = reader.ReadSLeb128() * frame.DataAlignment; continue;
                        default: Corrupt.Fail("unsupported CFI instruction"); break;
                    }
                }
                location += advance * frame.CodeAlignment;
                if (location > pc)
                    return;
            }
        }

        private static uint Register(ref TableReader reader)
        {
            ulong register = reader.ReadULeb128();
            return register > 0xFFFF ? 0xFFFF : (uint)register;
        }

        // Registers past the return address (vector registers) are parsed and ignored.
        private static void Save(ref Rules rules, uint register, long offset)
        {
            if (register >= Tracked)
                return;
            rules.Offset[register] = offset;
            rules.Saved |= 1u << (int)register;
        }

        private static void Forget(ref Rules rules, uint register)
        {
            if (register < Tracked)
                rules.Saved &= ~(1u << (int)register);
        }

        private static void Restore(ref Rules rules, ref Rules initial, uint register)
        {
            if (register >= Tracked)
                return;
            uint bit = 1u << (int)register;
            rules.Saved = (rules.Saved & ~bit) | (initial.Saved & bit);
            rules.Offset[register] = initial.Offset[register];
        }
    }
}
