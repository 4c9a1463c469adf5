/**
 * A large synthetic GPX for benchmarks and tests: a 1 Hz ride of `points` points with elevation,
 * and Garmin's TrackPointExtension heart rate and cadence on every point (about 237 bytes a point,
 * so 100,000 points are 22.6 MiB, under the upload limit).
 */
export function largeGpx(points: number): Buffer {
  const start = Date.UTC(2024, 4, 1, 5, 0, 0);
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<gpx version="1.1" creator="stride bench" xmlns="http://www.topografix.com/GPX/1/1" ',
    'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n',
    `<trk><name>Synthetic ${points}-point ride</name><type>cycling</type><trkseg>\n`,
  ];
  let lat = 46.5;
  let lon = 7.0;
  for (let i = 0; i < points; i++) {
    // About 7 m/s along a slowly turning heading, with gentle hills.
    const heading = i / 3000;
    lat += (7 * Math.cos(heading)) / 111_320;
    lon += (7 * Math.sin(heading)) / (111_320 * Math.cos((lat * Math.PI) / 180));
    const ele = 600 + 150 * Math.sin(i / 1800) + 20 * Math.sin(i / 97);
    const hr = 120 + Math.round(25 * Math.sin(i / 900) ** 2) + (i % 7);
    const cad = 80 + (i % 11);
    parts.push(
      `<trkpt lat="${lat.toFixed(7)}" lon="${lon.toFixed(7)}"><ele>${ele.toFixed(1)}</ele><time>${new Date(start + i * 1000).toISOString()}</time>` +
        `<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${hr}</gpxtpx:hr><gpxtpx:cad>${cad}</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>\n`,
    );
  }
  parts.push('</trkseg></trk></gpx>\n');
  return Buffer.from(parts.join(''), 'utf8');
}
