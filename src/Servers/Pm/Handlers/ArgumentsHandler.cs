using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Handlers
{
    // Arguments -- PmArgumentsRequest: a write Grant and its Room, or Room 0
    // and an Offset for the inline form. Replies PmArgumentsReply: the
    // block's length, argc, envc, and inline the bytes from the offset. A process never exec'd by PM (init) has an empty block.
    internal static unsafe class ArgumentsHandler
    {
        public static int Handle(ProcessRecord caller, Message* request, Message* reply)
        {
            byte[] block = caller.Arguments;
            PmArgumentsRequest* arguments = PmArgumentsRequest.Of(request);
            PmArgumentsReply* answer = PmArgumentsReply.Of(reply);
            answer->Length = block.Length;
            answer->ArgumentCount = caller.ArgumentCount;
            answer->EnvironmentCount = caller.EnvironmentCount;
            long room = arguments->Room;
            if (room < 0)
                return Status.BadArgument;
            if (room == 0)
                return Inline(block, arguments->Offset, answer);
            if (room < block.Length)
                return PmStatus.BufferTooSmall;
            if (block.Length == 0)
                return Status.Ok;
            fixed (byte* bytes = block)
                return Grants.CopyTo(new Endpoint(caller.Endpoint), new GrantId((int)arguments->Grant), 0, bytes, (ulong)block.Length);
        }

        private static int Inline(byte[] block, long offset, PmArgumentsReply* reply)
        {
            if (offset < 0 || offset > block.Length)
                return Status.BadArgument;
            byte* into = reply->Inline;
            for (int i = 0; i < PmLimits.InlineBytes && offset + i < block.Length; i++)
                into[i] = block[offset + i];
            return Status.Ok;
        }
    }
}
