# Build: docker build --build-arg SOURCE_REVISION=$(git rev-parse HEAD) -t paperbot .
#   The test stage runs every test; a failing test fails the build. No `# syntax=` line: the engine's
#   built-in Dockerfile frontend (BuildKit, Docker 23+) understands RUN --mount, and pulling a frontend
#   image would break offline builds.
# Stop: docker stop -t 30 paperbot   (the default 10 s is shorter than the bot's 20 s ShutdownTimeout;
#   docs/operations.md has a compose example with stop_grace_period: 30s).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore in its own layer: it is only redone when the solution, the shared props or a project file change.
# The NuGet folder is a cache mount on every step that reads it, so packages are downloaded once per host.
COPY PaperBot.sln Directory.Build.props Directory.Packages.props BannedSymbols.txt ./
COPY src/Directory.Build.props src/
COPY src/PaperBot/PaperBot.csproj src/PaperBot/
COPY src/PaperBot.Discord/PaperBot.Discord.csproj src/PaperBot.Discord/
COPY tests/PaperBot.Tests/PaperBot.Tests.csproj tests/PaperBot.Tests/
COPY tests/PaperBot.Discord.Tests/PaperBot.Discord.Tests.csproj tests/PaperBot.Discord.Tests/
COPY tests/PaperBot.FakeDiscord/PaperBot.FakeDiscord.csproj tests/PaperBot.FakeDiscord/
COPY tests/PaperBot.Benchmarks/PaperBot.Benchmarks.csproj tests/PaperBot.Benchmarks/
RUN --mount=type=cache,id=paperbot-nuget,target=/root/.nuget/packages \
    dotnet restore PaperBot.sln
COPY . .
RUN --mount=type=cache,id=paperbot-nuget,target=/root/.nuget/packages \
    dotnet build PaperBot.sln -c Release --no-restore

FROM build AS test
RUN --mount=type=cache,id=paperbot-nuget,target=/root/.nuget/packages \
    dotnet test PaperBot.sln -c Release --no-build

FROM test AS publish
# .git is not in the build context, so the commit comes in as a build argument (`paperbot --version`
# then prints 0.1.0+<commit>). Published for linux-x64 only: the runtime image carries one native SQLite,
# not the 23 of a portable publish.
ARG SOURCE_REVISION=
RUN --mount=type=cache,id=paperbot-nuget,target=/root/.nuget/packages \
    dotnet publish src/PaperBot/PaperBot.csproj -c Release -r linux-x64 --self-contained false \
        -p:SourceRevisionId="$SOURCE_REVISION" -o /app/publish

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS final
WORKDIR /app
# The image's built-in non-root user ($APP_UID, "app") owns only the data volume.
RUN mkdir -p /data && chown "$APP_UID" /data
COPY --from=publish /app/publish .
# The bot copies the embedding model out of its package assembly into models/ at its first start (docs/search.md).
RUN chown "$APP_UID" /app/models
# Two malloc arenas instead of up to eight per core: each keeps what its threads freed (docs/operations.md,
# "Native memory"). The JIT recompiles hot methods only once the bot has run 10 s (0x2710 ms; the runtime reads
# the value as hex) without calling a new method, instead of 0.1 s: the first seconds after a start run the
# ahead-of-time code and do not share the CPU with recompiling it (docs/operations.md, "Cold start").
ENV Storage__DatabasePath=/data/paperbot.db \
    Logging__Format=json \
    MALLOC_ARENA_MAX=2 \
    DOTNET_TC_CallCountingDelayMs=2710
VOLUME ["/data"]
USER $APP_UID
# `paperbot health` reads the status file the bot keeps next to the database (gateway, last ingestion)
# and checks the database itself; no curl and no metrics port needed.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["dotnet", "/app/paperbot.dll", "health"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "/app/paperbot.dll"]
CMD ["run"]
