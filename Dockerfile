# Multi-stage build: a static mistral-server and mistral-db-manage on a
# small base image. With no configuration the server runs every service on
# an embedded SQLite file in /var/lib/tramontane.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/mistral-server ./cmd/mistral-server \
 && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/mistral-db-manage ./cmd/mistral-db-manage

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ /usr/local/bin/
WORKDIR /var/lib/tramontane
EXPOSE 8989
ENTRYPOINT ["/usr/local/bin/mistral-server"]
CMD ["--server", "all"]
