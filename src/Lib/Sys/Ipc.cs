using System.Runtime;
using System.Runtime.CompilerServices;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // The IPC primitives, one trap each (ABI in src/Lib/Ipc/Traps.cs).
    // Results are Status codes; a received message names its sender in Source.
    public static unsafe class Ipc
    {
        // The raw trap, for the wrappers below and for tests that must send
        // the kernel what no wrapper would.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "sys_trap")]
        public static extern long Trap(ulong trap, ulong a, ulong b, ulong c);

        public static int Send(Endpoint destination, Message* message) =>
            (int)Trap((ulong)Lib.Ipc.Trap.Send, (ulong)(long)destination.Value, (ulong)message, 0);

        public static int Receive(Endpoint source, Message* message) =>
            (int)Trap((ulong)Lib.Ipc.Trap.Receive, (ulong)(long)source.Value, (ulong)message, 0);

        public static int SendRec(Endpoint destination, Message* message) =>
            (int)Trap((ulong)Lib.Ipc.Trap.SendRec, (ulong)(long)destination.Value, (ulong)message, 0);

        public static int Notify(Endpoint destination) =>
            (int)Trap((ulong)Lib.Ipc.Trap.Notify, (ulong)(long)destination.Value, 0, 0);

        public static int SendAsync(Endpoint destination, Message* message) =>
            (int)Trap((ulong)Lib.Ipc.Trap.SendAsync, (ulong)(long)destination.Value, (ulong)message, 0);

        public static int KernelCall(KernelCall call, Message* message) =>
            (int)Trap((ulong)Lib.Ipc.Trap.KernelCall, (ulong)call, (ulong)message, 0);
    }
}
