using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Handlers
{
    // Arguments -- Word0 a write grant and Word1 its room, or Word1 0 and
    // Word2 an offset for the inline form. Replies Word0 the block's length,
    // Word1 argc, Word2 envc, and inline Word3..Word6 the bytes from the
    // offset. A process never exec'd by PM (init) has an empty block.
    internal static unsafe class ArgumentsHandler
    {
        public static int Handle(ProcessRecord caller, Message* request, Message* reply)
        {
            byte[] block = caller.Arguments;
            reply->Word0 = block.Length;
            reply->Word1 = caller.ArgumentCount;
            reply->Word2 = caller.EnvironmentCount;
            long room = request->Word1;
            if (room < 0)
                return Status.BadArgument;
            if (room == 0)
                return Inline(block, request->Word2, reply);
            if (room < block.Length)
                return PmStatus.BufferTooSmall;
            if (block.Length == 0)
                return Status.Ok;
            fixed (byte* bytes = block)
                return Grants.CopyTo(new Endpoint(caller.Endpoint), new GrantId((int)request->Word0), 0, bytes, (ulong)block.Length);
        }

        private static int Inline(byte[] block, long offset, Message* reply)
        {
            if (offset < 0 || offset > block.Length)
                return Status.BadArgument;
            byte* into = (byte*)&reply->Word3;
            for (int i = 0; i < PmLimits.InlineBytes && offset + i < block.Length; i++)
                into[i] = block[offset + i];
            return Status.Ok;
        }
    }
}
