# syntax=docker/dockerfile:1
# Build: docker build -t paperbot .   (the test stage runs every test; a failing test fails the build)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore in its own layer: it is only redone when the solution, the shared props or a project file change.
COPY PaperBot.sln Directory.Build.props Directory.Packages.props BannedSymbols.txt ./
COPY src/PaperBot/PaperBot.csproj src/PaperBot/
COPY src/PaperBot.Discord/PaperBot.Discord.csproj src/PaperBot.Discord/
COPY tests/PaperBot.Tests/PaperBot.Tests.csproj tests/PaperBot.Tests/
COPY tests/PaperBot.Discord.Tests/PaperBot.Discord.Tests.csproj tests/PaperBot.Discord.Tests/
COPY tests/PaperBot.FakeDiscord/PaperBot.FakeDiscord.csproj tests/PaperBot.FakeDiscord/
COPY tests/PaperBot.Benchmarks/PaperBot.Benchmarks.csproj tests/PaperBot.Benchmarks/
RUN dotnet restore PaperBot.sln
COPY . .
RUN dotnet build PaperBot.sln -c Release --no-restore

FROM build AS test
RUN dotnet test PaperBot.sln -c Release --no-build

FROM test AS publish
RUN dotnet publish src/PaperBot/PaperBot.csproj -c Release --no-build -o /app/publish

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS final
WORKDIR /app
# The image's built-in non-root user ($APP_UID, "app") owns only the data volume.
RUN mkdir -p /data && chown "$APP_UID" /data
COPY --from=publish /app/publish .
ENV Storage__DatabasePath=/data/paperbot.db \
    Logging__Format=json
VOLUME ["/data"]
USER $APP_UID
# `paperbot health` checks the database (and /health when Metrics:Port is set); no curl in the image.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["dotnet", "/app/paperbot.dll", "health"]
ENTRYPOINT ["dotnet", "/app/paperbot.dll"]
CMD ["run"]
