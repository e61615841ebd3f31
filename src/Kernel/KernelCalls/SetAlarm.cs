using Minix3.Cosmos.Kernel.Clock;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // SetAlarm (SetAlarmMessage) — Milliseconds from now; 0 cancels. When the
    // time comes the caller gets a notification from Endpoint.Kernel with
    // the alarm flag. One alarm per process; a new one replaces the old.
    internal static unsafe class SetAlarm
    {
        internal static int Handle(Process caller, SetAlarmMessage* message)
        {
            long milliseconds = message->Milliseconds;
            if (milliseconds < 0 || milliseconds > 1_000_000_000)
                return Status.BadArgument;
            // Rounded up to whole ticks: at least one (Hz >= Timer.MinimumHz), so never due at once.
            caller.AlarmDeadline = milliseconds == 0 ? 0 : Timer.Ticks + ((ulong)milliseconds * Timer.Hz + 999) / 1000;
            return Status.Ok;
        }

        // From the timer interrupt: notify every process whose alarm is due.
        internal static void Expire(ulong now)
        {
            for (int slot = 0; slot < ProcessTable.SlotCount; slot++)
            {
                Process p = KernelServices.Processes[slot];
                if (p.AlarmDeadline == 0 || p.AlarmDeadline > now)
                    continue;
                p.AlarmDeadline = 0;
                if (!p.IsFree)
                    KernelServices.Ipc.NotifyFromKernel(p, 0, true);
            }
        }
    }
}
