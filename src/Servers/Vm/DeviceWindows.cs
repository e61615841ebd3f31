using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Vm
{
    // Each process's device window: the part of its address space where
    // MapDevice puts device memory, filled from the bottom. vm keeps how
    // much is used per slot, under the endpoint that used it: a new process
    // in the slot (another generation) starts empty, and so does a process
    // after exec (its new image has no mappings there).
    internal static class DeviceWindows
    {
        public const ulong Base = 0x0000_00C0_0000_0000;
        public const ulong Size = 0x0000_0040_0000_0000;

        private static readonly int[] s_owner = new int[Endpoint.SlotCount];
        private static readonly ulong[] s_used = new ulong[Endpoint.SlotCount];

        public static ulong Used(int endpoint)
        {
            int slot = new Endpoint(endpoint).Slot;
            return s_owner[slot] == endpoint ? s_used[slot] : 0;
        }

        public static void Add(int endpoint, ulong length)
        {
            int slot = new Endpoint(endpoint).Slot;
            s_used[slot] = Used(endpoint) + length;
            s_owner[slot] = endpoint;
        }

        public static void Forget(int endpoint)
        {
            int slot = new Endpoint(endpoint).Slot;
            if (s_owner[slot] == endpoint)
                s_used[slot] = 0;
        }
    }
}
