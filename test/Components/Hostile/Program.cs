using System.Runtime;
using System.Runtime.CompilerServices;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Hostile
{
    // Tries, one after another, everything its policy forbids, and a few
    // things it allows (so a kernel that refuses everything fails the test
    // too). Prints one line per probe: "hostile: <probe>: refused <status>"
    // or "allowed". Ends with a privileged instruction, which the kernel
    // must contain by stopping this component and reporting it.
    public static unsafe class Program
    {
        private const ulong KernelAddress = 0x100000;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "test_privileged_instruction")]
        private static extern void PrivilegedInstruction();

        private static readonly GrantEntry[] s_grants = new GrantEntry[4];
        private static readonly byte[] s_granted = new byte[64];

        public static int Main()
        {
            Endpoint self = Endpoints.Lookup("hostile");
            Endpoint pong = Endpoints.Lookup("pong");
            // Not monitor: a component may always message its own manager.
            Endpoint forbidden = Endpoints.Lookup("ds");
            Message message = default;

            Report("ipc-to-forbidden-target", Ipc.Send(forbidden, &message));
            Report("notify-forbidden-target", Ipc.Notify(forbidden));
            Report("forbidden-kernel-call", Ipc.KernelCall(KernelCall.PrivCtl, &message));
            Report("unknown-trap", (int)Ipc.Trap(99, 0, 0, 0));
            Report("port-outside-range", Devices.In(0x64, 1, out _));
            Report("port-straddling-range", Devices.In(0x80, 2, out _));
            Report("port-inside-range", Devices.Out(0x80, 1, 0x42));
            Report("irq-not-owned", Devices.IrqControl(IrqCtlMessage.Enable, 1));
            Report("kernel-memory-as-message", Ipc.SendAsync(pong, (Message*)KernelAddress));
            Report("kernel-memory-as-copy-target", Grants.CopyFrom(pong, new GrantId(0), 0, (void*)KernelAddress, 8));

            fixed (GrantEntry* table = s_grants)
            fixed (byte* granted = s_granted)
            {
                // Entry 0: read-only grant of 64 bytes to ourselves, sequence 1.
                table[0] = new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Read, Sequence = 1, Grantee = self.Value, Address = (ulong)granted, Length = 64 };
                // Entry 1: was granted with sequence 1, then revoked and reused as sequence 2.
                table[1] = new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Read, Sequence = 2, Grantee = self.Value, Address = (ulong)granted, Length = 64 };
                Report("publish-grant-table", Grants.Publish(table, 4));
                byte* buffer = stackalloc byte[64];
                Report("valid-grant-read", Grants.CopyFrom(self, GrantId.From(0, 1), 0, buffer, 64));
                Report("wrong-rights-grant-write", Grants.CopyTo(self, GrantId.From(0, 1), 0, buffer, 8));
                Report("stale-grant", Grants.CopyFrom(self, GrantId.From(1, 1), 0, buffer, 8));
                Report("forged-grant-index", Grants.CopyFrom(self, GrantId.From(3, 0), 0, buffer, 8));
                Report("grant-out-of-range", Grants.CopyFrom(self, GrantId.From(0, 1), 60, buffer, 8));
                Report("write-other-component-memory", Grants.CopyTo(pong, GrantId.From(0, 0), 0, buffer, 8));
            }

            Diagnostics.Print("hostile: probes done; executing a privileged instruction");
            PrivilegedInstruction();
            Diagnostics.Print("hostile: PRIVILEGED INSTRUCTION WAS ALLOWED");
            return 0;
        }

        private static void Report(string probe, int status)
        {
            Diagnostics.Print(status < 0
                ? string.Concat("hostile: ", probe, ": refused ", status.ToString())
                : string.Concat("hostile: ", probe, ": allowed"));
        }
    }
}
