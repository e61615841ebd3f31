using Minix3.Cosmos.Kernel.Arch.X64;

namespace Minix3.Cosmos.Kernel.Clock
{
    // The clock: the 8254 PIT's channel 0 interrupting at a configurable rate
    // (kernel command line `timer_hz`, 19..10000, default 100). Ticks count
    // from boot; the scheduler (issue 3) preempts on them.
    internal static partial class Timer
    {
        private const uint PitFrequency = 1193182;
        private const ushort Channel0 = 0x40;
        private const ushort Command = 0x43;

        internal const uint DefaultHz = 100;
        internal const uint MinimumHz = 19;     // the 16-bit divisor's limit
        internal const uint MaximumHz = 10000;

        private static ulong s_ticks;
        private static uint s_hz;

        internal static ulong Ticks => s_ticks;
        internal static uint Hz => s_hz;

        internal static void Start(uint hz)
        {
            if (hz < MinimumHz || hz > MaximumHz)
                hz = DefaultHz;
            s_hz = hz;
            uint divisor = PitFrequency / hz;
            Cpu.OutByte(Command, 0x34);              // channel 0, lo/hi byte, rate generator
            Cpu.OutByte(Channel0, (byte)divisor);
            Cpu.OutByte(Channel0, (byte)(divisor >> 8));
            Pic.Unmask(Interrupts.TimerIrq);
        }

        internal static void Tick()
        {
            s_ticks++;
            Ticked(s_ticks);
        }

        // Test kernels only: run control's deadlines (test/Kernel).
        static partial void Ticked(ulong ticks);
    }
}
