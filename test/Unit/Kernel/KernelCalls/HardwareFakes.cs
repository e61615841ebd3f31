// The link-time seam for kernel calls on the host: the handlers in
// src/Kernel/KernelCalls, the process host, address spaces and the loader
// are compiled here unchanged; only the few classes that execute privileged
// instructions or touch fixed physical addresses (Cpu, SerialPort, VgaText,
// the dispatcher's CR3 switch, the PIT-driven Interrupts, the segment
// selectors, the panic path) are replaced by these, with the kernel's names
// and signatures. They record what the handlers did to the "hardware", so a
// test can tell that a refused call touched no port and masked no line.
using System;
using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Kernel.Proc;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    internal static class Cpu
    {
        internal readonly record struct PortAccess(ushort Port, int Width, bool Out, uint Value);

        internal static readonly List<PortAccess> Accesses = new();

        /// <summary>What every In returns, so a test can tell a read happened.</summary>
        internal const uint InputValue = 0xA5C3_7E19;

        internal static byte InByte(ushort port) { Accesses.Add(new(port, 1, false, 0)); return unchecked((byte)InputValue); }
        internal static ushort InWord(ushort port) { Accesses.Add(new(port, 2, false, 0)); return unchecked((ushort)InputValue); }
        internal static uint InDword(ushort port) { Accesses.Add(new(port, 4, false, 0)); return InputValue; }
        internal static void OutByte(ushort port, byte value) => Accesses.Add(new(port, 1, true, value));
        internal static void OutWord(ushort port, ushort value) => Accesses.Add(new(port, 2, true, value));
        internal static void OutDword(ushort port, uint value) => Accesses.Add(new(port, 4, true, value));
        internal static ulong ReadTimeStampCounter() => 123_456_789;
        internal static void WriteCr3(ulong value) { }
        internal static void DisableInterrupts() { }
        internal static ulong ReadFramePointer() => 0;

        /// <summary>The machine stopped (power off, reboot, a system panic): the host cannot halt.</summary>
        internal static void HaltForever() => throw new MachineHalted();
    }

    internal sealed class MachineHalted : Exception
    {
        public MachineHalted() : base("the kernel halted the machine") { }
    }

    internal static class SerialPort
    {
        internal static readonly StringBuilder Output = new();
        internal static void Write(char c)
        {
            if (c != '\r')
                Output.Append(c);
        }
        internal static void Drain() { }
    }

    internal static class VgaText
    {
        internal const ulong Physical = 0xB8000;
        internal static bool HandedOver;
        internal static void HandOver() => HandedOver = true;
        internal static void TakeBack() => HandedOver = false;
        internal static void Write(char c) { }
    }

    internal static class Interrupts
    {
        internal const int TimerIrq = 0;
    }

    internal static class SegmentTables
    {
        internal const ushort UserData = 0x18 | 3;
        internal const ushort UserCode = 0x20 | 3;
    }

    internal static class Dispatcher
    {
        internal static Process? Current;
        internal static void Forget(Process process)
        {
            if (Current == process)
                Current = null;
        }
    }

    internal static class Faults
    {
        internal static string Name(ulong vector) => "#" + vector;
    }
}

namespace Minix3.Cosmos.Kernel.Boot
{
    internal static class PhysicalMemory
    {
        internal static ulong RamEnd { get; set; }
    }
}

namespace Minix3.Cosmos.Kernel.Diagnostics
{
    internal static class Panic
    {
        internal static void Fail(string message) => throw new InvalidOperationException("KERNEL PANIC: " + message);
    }
}
