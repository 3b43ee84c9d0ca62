// Where check-ins were made, as points on a plain SVG (no map tiles: nothing is fetched from a
// tile server, so no third party learns whose neighbourhood is being looked at). Points are
// projected equirectangularly into the box that holds them, with a 1 km scale bar.
import { formatDateTime } from './dates';

export interface MapPoint {
  id: string;
  latitude: number;
  longitude: number;
  at: string;
}

const SIZE = 320;
const PAD = 24;

export function LocationMap({ points }: { points: MapPoint[] }) {
  if (points.length === 0) return <p>No check-in recorded a location.</p>;
  const lats = points.map((p) => p.latitude);
  const lons = points.map((p) => p.longitude);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const kmPerDegLat = 111.32;
  const kmPerDegLon = 111.32 * Math.cos((midLat * Math.PI) / 180);
  const spanKm = Math.max((Math.max(...lats) - Math.min(...lats)) * kmPerDegLat, (Math.max(...lons) - Math.min(...lons)) * kmPerDegLon, 2);
  const pxPerKm = (SIZE - 2 * PAD) / spanKm;
  const cx = (Math.min(...lons) + Math.max(...lons)) / 2;
  const x = (lon: number) => SIZE / 2 + (lon - cx) * kmPerDegLon * pxPerKm;
  const y = (lat: number) => SIZE / 2 - (lat - midLat) * kmPerDegLat * pxPerKm;
  const label = `${points.length} check-in locations within about ${spanKm.toFixed(1)} km.`;
  return (
    <figure className="map">
      <svg viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={label} data-testid="location-map">
        <rect className="map-frame" x={1} y={1} width={SIZE - 2} height={SIZE - 2} />
        {points.map((p) => (
          <circle key={p.id} className="map-point" cx={x(p.longitude)} cy={y(p.latitude)} r={5}>
            <title>{formatDateTime(p.at)}</title>
          </circle>
        ))}
        <line className="scale" x1={PAD} x2={PAD + pxPerKm} y1={SIZE - PAD / 2} y2={SIZE - PAD / 2} />
        <text className="scale-label" x={PAD + pxPerKm + 6} y={SIZE - PAD / 2 + 4}>
          1 km
        </text>
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}
